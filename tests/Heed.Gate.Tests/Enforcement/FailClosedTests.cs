using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Heed.Gate.Tests.Infrastructure;

namespace Heed.Gate.Tests.Enforcement;

/// <summary>No trusted subject, no forward: missing subjects, untrusted tokens; and the routes that may pass without one.</summary>
public sealed class FailClosedTests(GateServer server) : IClassFixture<GateServer>
{
    public static TheoryData<string> UntrustedTokens() => new()
    {
        Tokens.Create("alice", key: "another-key-that-is-long-enough-0123456789"),
        Tokens.Create("alice", issuer: "https://evil.test"),
        Tokens.Create("alice", expires: DateTime.UtcNow.AddHours(-1)),
        Tokens.Create("alice")[..^4] + "AAAA",
        "not-a-jwt",
    };

    [Theory]
    [MemberData(nameof(UntrustedTokens))]
    public async Task Request_UntrustedJwt_FailsClosedWithInvalidSubject(string token)
    {
        // Arrange
        string trace = Guid.NewGuid().ToString("N");
        HttpRequestMessage request = Requests.For("claim", "drop", "ignored", trace);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // Act
        HttpResponseMessage response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert: even a drop route blocks when it cannot tell whose request it is.
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ReasonAsync(response)).ShouldBe("invalid_subject");
        server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
    }

    [Theory]
    [InlineData("header")]
    [InlineData("query")]
    [InlineData("claim")]
    public async Task Request_NoSubject_FailsClosedWithInvalidSubject(string source)
    {
        // Arrange
        string trace = Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/{source}/redact") { Content = new StringContent("{}") };
        request.Headers.Add(Upstream.TraceHeader, trace);

        // Act
        HttpResponseMessage response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ReasonAsync(response)).ShouldBe("invalid_subject");
        server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
    }

    [Fact]
    public async Task Request_JsonBodyWithoutSubject_FailsClosed()
    {
        // Arrange
        string trace = Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Post, "/json/block") { Content = new StringContent("""{"user":{}}""") };
        request.Headers.Add(Upstream.TraceHeader, trace);

        // Act
        HttpResponseMessage response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ReasonAsync(response)).ShouldBe("invalid_subject");
    }

    [Fact]
    public async Task Request_OptionalSubjectRouteWithoutSubject_IsForwarded()
    {
        // Arrange
        string trace = Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Get, "/static");
        request.Headers.Add(Upstream.TraceHeader, trace);

        // Act
        HttpResponseMessage response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Upstream.Requests.ContainsKey(trace).ShouldBeTrue();
    }

    [Fact]
    public async Task Request_OptedOutOnRouteWith451_Gives451()
    {
        // Arrange
        string id = Guid.NewGuid().ToString("N");
        await server.Registry.OptOutAsync("user:" + id, "analytics");
        var request = new HttpRequestMessage(HttpMethod.Get, "/legal");
        request.Headers.Add("X-User-Id", id);

        // Act
        HttpResponseMessage response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert: an opt-out of the parent node covers the route's purpose.
        response.StatusCode.ShouldBe(HttpStatusCode.UnavailableForLegalReasons);
        JsonElement problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        problem.GetProperty("matched").GetString().ShouldBe("analytics");
    }

    [Fact]
    public async Task Healthz_Always_IsOkAndNotProxied()
    {
        // Act
        HttpResponseMessage live = await server.Client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        HttpResponseMessage ready = await server.Client.GetAsync("/readyz", TestContext.Current.CancellationToken);

        // Assert
        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    internal static async Task<string?> ReasonAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonElement problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        return problem.GetProperty("reason").GetString();
    }
}
