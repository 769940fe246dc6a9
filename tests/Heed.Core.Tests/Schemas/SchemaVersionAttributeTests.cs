using Heed.Core.Schemas;

namespace Heed.Core.Tests.Schemas;

public sealed class SchemaVersionAttributeTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("2", 2)]
    [InlineData("10", 10)]
    [InlineData("2147483647", int.MaxValue)]
    public void TryParse_DecimalIntegerAtLeastOne_GivesTheVersion(string text, int expected)
    {
        SchemaVersionAttribute.TryParse(text, out int version).ShouldBeTrue();

        version.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("01")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.0")]
    [InlineData("1e2")]
    [InlineData("v1")]
    [InlineData("0x1")]
    [InlineData("2147483648")]
    [InlineData("99999999999")]
    [InlineData("١")]
    [InlineData("1,2")]
    public void TryParse_AnythingElse_IsRefused(string? text)
    {
        SchemaVersionAttribute.TryParse(text, out int version).ShouldBeFalse();

        version.ShouldBe(0);
    }
}
