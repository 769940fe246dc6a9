using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Gate.Enforcement;
using Heed.Gate.Tests.Infrastructure;

namespace Heed.Gate.Tests.Enforcement;

/// <summary>A request an override lets through says so in <c>Heed-Override</c> (docs/gate.md), against a real registry, gate and upstream.</summary>
public sealed class OverrideHeaderTests(GateServer server) : IClassFixture<GateServer>
{
    [Fact]
    public async Task Request_OptedOutButOverridden_ForwardedWithOverrideHeader()
    {
        // Arrange: two users opted out of one of the route's purposes; an override of the gate's service covers the first.
        string covered = Guid.NewGuid().ToString("N");
        string other = Guid.NewGuid().ToString("N");
        await server.Registry.OptOutAsync("user:" + covered, "personalize.content");
        await server.Registry.OptOutAsync("user:" + other, "personalize.content");
        string id = await server.Registry.ApproveOverrideAsync(new
        {
            service = "gate",
            purposes = new[] { "personalize" },
            subjects = new[] { "user:" + covered },
            ttl = "30m",
            reason = "gate override test",
        });

        // Act: the approval is acknowledged, so the gate holds the override; it honors it from the next lease
        // grant (one heartbeat). Each attempt is a real round trip, not a sleep.
        HttpResponseMessage response = await UntilForwardedAsync("header", "block", covered);
        string trace = Guid.NewGuid().ToString("N");
        HttpResponseMessage denied = await server.Client.SendAsync(Requests.For("header", "block", other, trace), TestContext.Current.CancellationToken);
        HttpResponseMessage plain = await server.Client.SendAsync(Requests.For("header", "block", Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N")), TestContext.Current.CancellationToken);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues(HeedEnforcementMiddleware.OverrideHeader).ShouldBe([id]);
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        denied.Headers.Contains(HeedEnforcementMiddleware.OverrideHeader).ShouldBeFalse();
        server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
        plain.StatusCode.ShouldBe(HttpStatusCode.OK);
        plain.Headers.Contains(HeedEnforcementMiddleware.OverrideHeader).ShouldBeFalse();
    }

    private async Task<HttpResponseMessage> UntilForwardedAsync(string source, string action, string user)
    {
        using var deadline = new CancellationTokenSource(GateServer.Wait);
        while (true)
        {
            HttpResponseMessage response = await server.Client.SendAsync(Requests.For(source, action, user, Guid.NewGuid().ToString("N")), deadline.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return response;
            }

            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
    }
}
