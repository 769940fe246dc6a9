using Heed.Storage.Ledger;

namespace Heed.Storage.Tests.Ledger;

public sealed class EntryBodyTests
{
    [Theory]
    [InlineData("""{"evidence":{"a":[1,{"source":"nested"}]},"source":"gpc"}""", "gpc")]
    [InlineData("""{"jurisdiction":"CA"}""", null)]
    [InlineData("""{"source":null}""", null)]
    [InlineData("{}", null)]
    [InlineData("""{"source":"caf\u00e9"}""", "café")]
    public void GetString_ObjectBody_ReturnsTheTopLevelField(string body, string? expected)
    {
        string? source = EntryBody.GetString(body, "source");

        source.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"source\"")]
    [InlineData("{\"source\":\"a\"")]
    [InlineData("""{"source":"a"} {}""")]
    [InlineData("""{"source":1}""")]
    [InlineData("""{"source":"a","source":"b"}""")]
    public void GetString_MalformedBody_ThrowsFormatException(string body)
    {
        Should.Throw<FormatException>(() => EntryBody.GetString(body, "source"));
    }

    [Fact]
    public void GetString_BodyLargerThanTheStackBuffer_StillFindsTheField()
    {
        string body = $$"""{"evidence":"{{new string('é', 3_000)}}","source":"csv"}""";

        string? source = EntryBody.GetString(body, "source");

        source.ShouldBe("csv");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"id":""}""")]
    [InlineData("""{"id":null}""")]
    public void GetRequiredString_MissingOrEmpty_ThrowsFormatException(string body)
    {
        FormatException error = Should.Throw<FormatException>(() => EntryBody.GetRequiredString(body, "id"));

        error.Message.ShouldContain("\"id\"");
    }

    [Theory]
    [InlineData("{\"ttlSeconds\":3600}", 3600L)]
    [InlineData("{\"ttlSeconds\":null}", null)]
    [InlineData("{}", null)]
    public void GetInt64_ObjectBody_ReturnsTheTopLevelInteger(string body, long? expected)
    {
        long? ttl = EntryBody.GetInt64(body, "ttlSeconds");

        ttl.ShouldBe(expected);
    }

    [Theory]
    [InlineData("{\"ttlSeconds\":\"3600\"}")]
    [InlineData("{\"ttlSeconds\":1.5}")]
    [InlineData("{\"ttlSeconds\":1,\"ttlSeconds\":2}")]
    public void GetInt64_NotAnInteger_ThrowsFormatException(string body)
    {
        Should.Throw<FormatException>(() => EntryBody.GetInt64(body, "ttlSeconds"));
    }
}
