using System.Net;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Hosting;

/// <summary>What an anonymous caller sees: status only; the head LSN (the write rate) needs a key.</summary>
public sealed class PublicSurfaceTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Healthz_Anonymous_SaysOnlyOk()
    {
        string body = await fixture.Server.Anonymous.GetStringAsync("/healthz");

        body.ShouldBe("""{"status":"ok"}""");
    }

    [Fact]
    public async Task Readyz_AnonymousThenWithKey_LsnOnlyWithKey()
    {
        HttpClient auditor = await fixture.Server.ClientAsync("auditor");

        JsonElement anonymous = JsonSerializer.Deserialize<JsonElement>(await fixture.Server.Anonymous.GetStringAsync("/readyz"));
        JsonElement keyed = JsonSerializer.Deserialize<JsonElement>(await auditor.GetStringAsync("/readyz"));

        anonymous.GetProperty("status").GetString().ShouldBe("ready");
        anonymous.TryGetProperty("lsn", out _).ShouldBeFalse();
        keyed.GetProperty("lsn").GetInt64().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Metrics_PublicMetricsFalse_NeedsAuditorKey()
    {
        await using RegistryServer server = await RegistryServer.StartAsync(configure: o => o.PublicMetrics = false);
        HttpClient auditor = await server.ClientAsync("auditor");
        HttpClient enforcer = await server.ClientAsync("enforcer");

        HttpResponseMessage anonymous = await server.Anonymous.GetAsync("/metrics");
        HttpResponseMessage asEnforcer = await enforcer.GetAsync("/metrics");
        HttpResponseMessage asAuditor = await auditor.GetAsync("/metrics");

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        asEnforcer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        asAuditor.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
