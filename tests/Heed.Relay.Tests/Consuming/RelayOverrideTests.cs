using System.Text.Json;
using Heed.Relay.Tests.Infrastructure;
using Heed.Testing.Overrides;
using Heed.Testing.Polling;

namespace Heed.Relay.Tests.Consuming;

/// <summary>A message an approved override lets through reaches the target with <c>heed-override</c>
/// (docs/relay.md), through a real registry, broker and relay.</summary>
public sealed class RelayOverrideTests(SharedBroker shared)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Relay_OverriddenOptOut_ForwardedWithOverrideHeaderOthersAsBefore()
    {
        // Arrange: r-1 and r-2 opted out; an override of the relay's service covers r-1 only.
        await using TestRegistry registry = await TestRegistry.StartAsync();
        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri);
        await using InProcessRelay relay = await InProcessRelay.StartAsync(registry, queues.Config(shared.Broker.AmqpUri));
        await registry.OptOutAsync("user:r-1", "marketing");
        await registry.OptOutAsync("user:r-2", "marketing");
        using HttpClient admin = registry.AdminClient();
        using OverrideAdmins admins = await OverrideAdmins.CreateAsync(admin);
        JsonElement approved = await admins.RequestAndApproveAsync(new { service = "relay-test", purposes = new[] { "marketing" }, subjects = new[] { "user:r-1" }, ttl = "30m", reason = "relay override test" });
        string id = approved.GetProperty("id").GetString()!;

        // The override is in effect from the first grant for a lease request sent after the approval was enforced.
        long approvedAt = relay.Enforcer.Replica.Lease.Time.GetTimestamp();
        await Poll.UntilAsync(
            _ => Task.FromResult(relay.Enforcer.Replica.Lease.ValidUntil >= relay.Enforcer.Replica.Lease.HoldUntil(approvedAt, TimeSpan.FromMilliseconds(500))),
            Settle,
            "a lease grant after the approval");

        // Act
        await queues.PublishAsync(1, "user:r-1");
        await queues.PublishAsync(2, "user:r-2");
        await queues.PublishAsync(3, "user:r-3");
        await relay.WaitForSettledAsync(3, Settle);
        IReadOnlyList<ReceivedMessage> forwarded = await queues.DrainAsync(queues.Target);

        // Assert
        approved.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        forwarded.OrderBy(m => m.Sequence).Select(m => (m.Sequence, m.Override)).ShouldBe([(1L, id), (3L, null)]);
        relay.Counts.Denied.ShouldBe(1);
        relay.Status.RecentDenials.Single().Subject.ShouldBe("user:r-2");
    }
}
