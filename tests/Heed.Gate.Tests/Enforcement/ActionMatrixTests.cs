using System.Net;
using System.Text.Json;
using Heed.Gate.Tests.Infrastructure;

namespace Heed.Gate.Tests.Enforcement;

/// <summary>Every subject source × every deny action, against a real registry, gate and upstream.</summary>
public sealed class ActionMatrixTests(GateServer server) : IClassFixture<GateServer>
{
    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (string source in GateConfig.Sources)
        {
            foreach (string action in GateConfig.Actions)
            {
                data.Add(source, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Request_SubjectNotOptedOut_IsForwardedIntact(string source, string action)
    {
        // Arrange
        string id = Guid.NewGuid().ToString("N");
        string trace = Guid.NewGuid().ToString("N");

        // Act
        HttpResponseMessage response = await server.Client.SendAsync(Requests.For(source, action, id, trace), TestContext.Current.CancellationToken);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Upstream.Received received = server.Upstream.Requests[trace];
        received.Headers["X-Secret"].ShouldBe("s3cret");
        received.Body.ShouldContain($"{id}@example.com");
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Request_SubjectOptedOutOfAnyPurpose_TakesRouteAction(string source, string action)
    {
        // Arrange: opted out of the second of the route's two purposes only.
        string id = Guid.NewGuid().ToString("N");
        string trace = Guid.NewGuid().ToString("N");
        await server.Registry.OptOutAsync("user:" + id, "personalize.content");

        // Act
        HttpResponseMessage response = await server.Client.SendAsync(Requests.For(source, action, id, trace), TestContext.Current.CancellationToken);

        // Assert
        switch (action)
        {
            case "block":
                response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
                response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
                JsonElement problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
                problem.GetProperty("reason").GetString().ShouldBe("opted_out");
                problem.GetProperty("purpose").GetString().ShouldBe("personalize.content");
                server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
                break;
            case "drop":
                response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
                server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
                break;
            default:
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                Upstream.Received received = server.Upstream.Requests[trace];
                received.Headers.ContainsKey("X-Secret").ShouldBeFalse();
                JsonElement body = JsonDocument.Parse(received.Body).RootElement;
                body.GetProperty("user").TryGetProperty("email", out _).ShouldBeFalse();
                body.GetProperty("event").GetString().ShouldBe("view");
                break;
        }
    }

    [Theory]
    [InlineData("user=someone&email=x@example.com", "application/x-www-form-urlencoded")]
    [InlineData("{\"user\":{\"email\":", "application/json")]
    public async Task Redact_OptedOutWithNonJsonBody_NothingForwardedAndProblem(string body, string mediaType)
    {
        // Arrange: a redact route whose fields cannot be found in a body that is not JSON. Forwarding it
        // would pass the subject's data on unredacted; the gate must refuse instead (fail closed).
        string id = Guid.NewGuid().ToString("N");
        string trace = Guid.NewGuid().ToString("N");
        await server.Registry.OptOutAsync("user:" + id, "personalize.content");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/header/redact")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, mediaType),
        };
        request.Headers.Add(Upstream.TraceHeader, trace);
        request.Headers.Add("X-User-Id", id);

        // Act
        HttpResponseMessage response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType.ShouldNotBeNull();
        response.Content.Headers.ContentType.MediaType.ShouldBe("application/problem+json");
        JsonElement problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        problem.GetProperty("reason").GetString().ShouldBe("opted_out");
        problem.GetProperty("detail").GetString()!.ShouldContain("not JSON");
        server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
    }
}
