using System.Net;
using Heed.Gate.Tests.Infrastructure;

namespace Heed.Gate.Tests.Enforcement;

/// <summary>A gate whose replica has no lease forwards nothing, whatever the route's action.</summary>
public sealed class LeaseTests
{
    [Theory]
    [InlineData("/header/block")]
    [InlineData("/header/drop")]
    [InlineData("/header/redact")]
    [InlineData("/static")]
    public async Task Request_LeaseEnded_Gets403Unconfirmed(string path)
    {
        // Arrange: a gate of its own, whose registry then stops.
        await using var server = new GateServer();
        await server.InitializeAsync();
        await server.Registry.StopAsync();
        await server.Gate.Readiness.WaitAsync(false, GateServer.Wait);
        string trace = Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}") };
        request.Headers.Add("X-User-Id", "someone");
        request.Headers.Add(Upstream.TraceHeader, trace);

        // Act
        HttpResponseMessage response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
        HttpResponseMessage ready = await server.Client.GetAsync("/readyz", TestContext.Current.CancellationToken);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await FailClosedTests.ReasonAsync(response)).ShouldBe("unconfirmed");
        server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }
}
