using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Api;

/// <summary>Subjects with '/', '%', '+', spaces and non-ASCII in the path: decoded exactly once, stored as
/// written, read back, checked and exported as the same subject.</summary>
public sealed class SubjectPathTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    public static TheoryData<string, string> Subjects => new()
    {
        { "email:C/D@X.com", "email:c/d@x.com" },
        { "user:t/1", "user:t/1" },
        { "user:50%off", "user:50%off" },
        { "user:a%2Fb", "user:a%2Fb" },
        { "user:a+b", "user:a+b" },
        { "user:two words", "user:two words" },
        { "user:Zoe\u0308", "user:Zo\u00EB" },
        { "Email:Jos\u00C9@Ex\u00E4mple.com", "email:jos\u00E9@ex\u00E4mple.com" },
        { "user:\u4E2D/\u6587", "user:\u4E2D/\u6587" },
    };

    private RegistryServer Server => fixture.Server;

    [Theory]
    [MemberData(nameof(Subjects), DisableDiscoveryEnumeration = true)]
    public async Task OptOut_SubjectWithReservedOrNonAsciiCharacters_RoundTripsAndIsEnforced(string written, string canonical)
    {
        // Arrange
        HttpClient writer = await Server.ClientAsync("writer");
        HttpClient enforcer = await Server.ClientAsync("enforcer");
        HttpClient auditor = await Server.ClientAsync("auditor");
        string path = "/v1/subjects/" + Uri.EscapeDataString(written);

        // Act
        HttpResponseMessage put = await writer.PutAsJsonAsync(path + "/optouts/analytics", new { source = "path-test" }, TestContext.Current.CancellationToken);
        JsonElement stored = await put.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        JsonElement read = await writer.GetFromJsonAsync<JsonElement>("/v1/subjects/" + Uri.EscapeDataString(canonical), TestContext.Current.CancellationToken);
        HttpResponseMessage check = await enforcer.PostAsJsonAsync("/v1/check", new { subject = written, purpose = "analytics.reporting" }, TestContext.Current.CancellationToken);
        JsonElement decision = await check.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        string export = await auditor.GetStringAsync("/v1/optouts/export", TestContext.Current.CancellationToken);

        // Assert
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        stored.GetProperty("subject").GetString().ShouldBe(canonical);
        read.GetProperty("subject").GetString().ShouldBe(canonical);
        read.GetProperty("optOuts").EnumerateArray().Select(o => o.GetProperty("purpose").GetString()).ShouldContain("analytics");
        decision.GetProperty("reason").GetString().ShouldBe("opted_out");
        export.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("subject").GetString())
            .ShouldContain(canonical);
    }

    [Fact]
    public async Task OptOut_DoublyEncodedSlash_IsDecodedOnce()
    {
        // Arrange
        HttpClient writer = await Server.ClientAsync("writer");

        // Act: %252F is "%2F" once decoded, not '/'.
        HttpResponseMessage put = await writer.PutAsJsonAsync("/v1/subjects/user:once%252Fonly/optouts/analytics", new { source = "path-test" }, TestContext.Current.CancellationToken);
        JsonElement stored = await put.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        // Assert
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        stored.GetProperty("subject").GetString().ShouldBe("user:once%2Fonly");
    }

    [Theory]
    [InlineData("/v1/subjects/email:a%ff@x.com/optouts/analytics")]
    [InlineData("/v1/subjects/user:a%C3/optouts/analytics")]
    [InlineData("/v1/subjects/user:a%E2%80%8Bb/optouts/analytics")]
    [InlineData("/v1/subjects/user:%EF%BC%98%EF%BC%98/optouts/analytics")]
    public async Task OptOut_InvalidUtf8OrInvisibleCharacterInPath_IsRefusedWithProblem(string path)
    {
        // Arrange
        HttpClient writer = await Server.ClientAsync("writer");

        // Act
        HttpResponseMessage put = await writer.PutAsJsonAsync(path, new { source = "path-test" }, TestContext.Current.CancellationToken);

        // Assert: refused and named, never stored literally.
        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        put.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await put.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("subject");
    }
}
