using System.Net;
using System.Text.Json;
using Heed.Gate.Tests.Infrastructure;

namespace Heed.Gate.Tests.Gpc;

/// <summary>Global Privacy Control: recorded through the registry as a sticky opt-out, enforced at once.</summary>
public sealed class GpcTests(GateServer server) : IClassFixture<GateServer>
{
    [Fact]
    public async Task Request_SecGpc1_IsDeniedAtOnceAndRecordedSticky()
    {
        // Arrange
        string id = Guid.NewGuid().ToString("N");

        // Act
        HttpResponseMessage first = await SendAsync("/sale", id, "1");
        HttpResponseMessage later = await SendAsync("/ads", id, gpc: null);
        JsonElement recorded = await server.Registry.SubjectAsync("user:" + id);

        // Assert: denied on the very request that carried the signal, and afterwards without it.
        first.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        first.Headers.GetValues("Heed-GPC").ShouldBe(["honored"]);
        later.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        later.Headers.Contains("Heed-GPC").ShouldBeFalse();
        var optOuts = recorded.GetProperty("optOuts").EnumerateArray().ToDictionary(o => o.GetProperty("purpose").GetString()!, o => o.GetProperty("source").GetString());
        optOuts.ShouldBe(new Dictionary<string, string?> { ["third_party_sharing.sale"] = "gpc", ["marketing.advertising.third_party.targeted"] = "gpc" }, ignoreOrder: true);
    }

    [Fact]
    public async Task Request_SecGpc1OnUnmappedPurpose_IsForwardedAndHonored()
    {
        // Arrange
        string id = Guid.NewGuid().ToString("N");

        // Act
        HttpResponseMessage response = await SendAsync("/reports", id, "1");
        HttpResponseMessage sale = await SendAsync("/sale", id, gpc: null);

        // Assert: GPC maps to sale and third-party ads only; analytics stays allowed.
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Heed-GPC").ShouldBe(["honored"]);
        sale.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Request_SecGpc1Repeated_WritesOnce()
    {
        // Arrange
        string id = Guid.NewGuid().ToString("N");
        await SendAsync("/sale", id, "1");

        // Act
        HttpResponseMessage again = await SendAsync("/sale", id, "1");
        JsonElement recorded = await server.Registry.SubjectAsync("user:" + id);

        // Assert: the replica already shows the opt-out, so no second write reaches the ledger.
        again.Headers.GetValues("Heed-GPC").ShouldBe(["honored"]);
        recorded.GetProperty("history").GetArrayLength().ShouldBe(2);
    }

    [Theory]
    [InlineData("t/{0}")]
    [InlineData("50%off-{0}")]
    [InlineData("t%2F{0}")]
    [InlineData("a+b {0}")]
    public async Task Request_SecGpc1SubjectWithReservedCharacters_IsRecordedAsTheSameSubject(string spelling)
    {
        // Arrange
        string id = spelling.Replace("{0}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal);

        // Act
        HttpResponseMessage first = await SendAsync("/sale", id, "1");
        JsonElement recorded = await server.Registry.SubjectAsync("user:" + id);
        HttpResponseMessage later = await SendAsync("/ads", id, gpc: null);

        // Assert: the registry holds exactly "user:<id>" (not "user:t%2F…"), and the gate enforces it.
        first.Headers.GetValues("Heed-GPC").ShouldBe(["honored"]);
        recorded.ValueKind.ShouldBe(JsonValueKind.Object);
        recorded.GetProperty("subject").GetString().ShouldBe("user:" + id);
        recorded.GetProperty("optOuts").GetArrayLength().ShouldBe(2);
        later.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("true")]
    [InlineData("01")]
    [InlineData("1.0")]
    [InlineData("yes")]
    [InlineData("1, 1")]
    public async Task Request_SecGpcOtherValue_IsIgnored(string value)
    {
        // Arrange
        string id = Guid.NewGuid().ToString("N");

        // Act
        HttpResponseMessage response = await SendAsync("/sale", id, value);
        JsonElement recorded = await server.Registry.SubjectAsync("user:" + id);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Heed-GPC").ShouldBeFalse();
        (recorded.ValueKind == JsonValueKind.Undefined || recorded.GetProperty("optOuts").GetArrayLength() == 0).ShouldBeTrue();
    }

    [Fact]
    public async Task Request_SecGpc1WithoutSubject_SaysNotIdentified()
    {
        // Act
        HttpResponseMessage response = await SendAsync("/static", id: null, "1");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Heed-GPC").ShouldBe(["not-identified"]);
    }

    [Fact]
    public async Task WellKnownGpc_Get_DeclaresSupport()
    {
        // Act
        JsonElement document = JsonDocument.Parse(await server.Client.GetStringAsync("/.well-known/gpc.json", TestContext.Current.CancellationToken)).RootElement;

        // Assert
        document.GetProperty("gpc").GetBoolean().ShouldBeTrue();
        DateOnly.TryParseExact(document.GetProperty("lastUpdate").GetString(), "yyyy-MM-dd", out _).ShouldBeTrue();
    }

    private Task<HttpResponseMessage> SendAsync(string path, string? id, string? gpc)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (id is not null)
        {
            request.Headers.Add("X-User-Id", id);
        }

        if (gpc is not null)
        {
            request.Headers.TryAddWithoutValidation("Sec-GPC", gpc);
        }

        return server.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
