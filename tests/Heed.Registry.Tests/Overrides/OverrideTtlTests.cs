using System.Text.Json;
using Heed.Registry.Overrides;

namespace Heed.Registry.Tests.Overrides;

public sealed class OverrideTtlTests
{
    [Theory]
    [InlineData("1800", 1800)]
    [InlineData("\"1800\"", 1800)]
    [InlineData("\"90s\"", 90)]
    [InlineData("\"30m\"", 1800)]
    [InlineData("\"4h\"", 14400)]
    [InlineData("\"1h30m\"", 5400)]
    [InlineData("\"1d\"", 86400)]
    public void Parse_SecondsOrDuration_ReturnsSeconds(string json, long expected)
    {
        long? seconds = OverrideTtl.Parse(JsonSerializer.Deserialize<JsonElement>(json), out string problem);

        seconds.ShouldBe(expected);
        problem.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"h\"")]
    [InlineData("\"30\u00a0m\"")]
    [InlineData("\"30M\"")]
    [InlineData("\"-30m\"")]
    [InlineData("\"1h30\"")]
    [InlineData("\"9999999999s\"")]
    [InlineData("[30]")]
    public void Parse_NotADuration_ReturnsNullSayingWhy(string json)
    {
        long? seconds = OverrideTtl.Parse(JsonSerializer.Deserialize<JsonElement>(json), out string problem);

        seconds.ShouldBeNull();
        problem.ShouldNotBeEmpty();
    }
}
