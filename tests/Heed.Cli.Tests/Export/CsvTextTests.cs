using Heed.Cli.Export;

namespace Heed.Cli.Tests.Export;

public sealed class CsvTextTests
{
    [Theory]
    [InlineData("user:1", "user:1")]
    [InlineData("", "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    public void WriteField_Value_QuotedOnlyWhenNeeded(string value, string expected)
    {
        var writer = new StringWriter();

        CsvText.WriteField(writer, value);

        writer.ToString().ShouldBe(expected);
    }
}
