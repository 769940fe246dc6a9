using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;
using Heed.Testing.Polling;

namespace Heed.Registry.Tests.Api;

/// <summary>
/// The per-key budget of batch-checked items. The BCL token bucket refills on its own timer from the
/// monotonic clock and takes no <see cref="TimeProvider"/>, so refilling is shown on real time: with a
/// refill of one item per second nothing refills within a test, and with a fast refill the test waits
/// for a batch to be served again.
/// </summary>
public sealed class BulkCheckBudgetTests
{
    private static readonly object[] FullBatch = [.. Enumerable.Range(0, 10_000).Select(i => new { subject = $"user:budget-{i}", purpose = "analytics" })];

    [Fact]
    public async Task CheckBatch_OverTheKeysBudget_429WithRetryAfterAndOtherKeysUnaffected()
    {
        await using RegistryServer server = await RegistryServer.StartAsync(configure: o => o.BulkCheck = new() { ItemsPerSecond = 1, Burst = 10_000 });
        HttpClient spender = await server.ClientAsync("enforcer");
        using HttpClient other = server.WithKey(await NewEnforcerKeyAsync(server));

        HttpResponseMessage first = await spender.PostAsJsonAsync("/v1/check/batch", new { items = FullBatch });
        HttpResponseMessage refused = await spender.PostAsJsonAsync("/v1/check/batch", new { items = FullBatch });
        HttpResponseMessage otherKey = await other.PostAsJsonAsync("/v1/check/batch", new { items = FullBatch });
        string metrics = await server.Anonymous.GetStringAsync("/metrics");

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        refused.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        (await refused.ReadAsync()).GetProperty("detail").GetString()!.ShouldContain("10000 more items");
        otherKey.StatusCode.ShouldBe(HttpStatusCode.OK);
        metrics.ShouldContain("heed_bulk_checks_items");
        metrics.ShouldContain("heed_bulk_checks_refused");
    }

    [Fact]
    public async Task CheckBatch_AfterTheBudgetRefills_ServedAgain()
    {
        await using RegistryServer server = await RegistryServer.StartAsync(configure: o => o.BulkCheck = new() { ItemsPerSecond = 10_000, Burst = 10_000 });
        HttpClient enforcer = await server.ClientAsync("enforcer");
        (await enforcer.PostAsJsonAsync("/v1/check/batch", new { items = FullBatch })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Poll.UntilAsync(
            async ct => (await enforcer.PostAsJsonAsync("/v1/check/batch", new { items = FullBatch }, ct)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30),
            "a full batch served again after the budget refilled",
            TimeSpan.FromMilliseconds(200),
            TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Start_BurstBelowOneBatch_RefusedNamingTheSetting()
    {
        var thrown = await Should.ThrowAsync<Heed.Registry.Hosting.RegistryConfigurationException>(
            () => RegistryServer.StartAsync(configure: o => o.BulkCheck = new() { ItemsPerSecond = 0, Burst = 10 }));

        thrown.Message.ShouldContain("Heed:BulkCheck:Burst");
        thrown.Message.ShouldContain("Heed:BulkCheck:ItemsPerSecond");
    }

    private static async Task<string> NewEnforcerKeyAsync(RegistryServer server)
    {
        using HttpClient admin = server.WithKey(server.AdminKey);
        HttpResponseMessage created = await admin.PostAsJsonAsync("/v1/keys", new { role = "enforcer", name = "second enforcer" });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}
