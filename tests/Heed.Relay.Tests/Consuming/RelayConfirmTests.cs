using Heed.Relay.Tests.Infrastructure;
using Heed.Relay.Telemetry;

namespace Heed.Relay.Tests.Consuming;

/// <summary>
/// A forward the broker does not confirm leaves the source message in its queue, unacknowledged. No crash
/// has to land in a window: the broker itself refuses the publish, every time, so a relay that acks before
/// (or without) the confirm loses the message in every run.
/// </summary>
public sealed class RelayConfirmTests(SharedBroker shared, ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Forward_UnroutableMandatoryPublish_MessageStaysInSourceQueue()
    {
        // Arrange: the target exchange exists but nothing is bound to it, so the mandatory publish comes back
        // as returned instead of confirmed.
        await using TestRegistry registry = await TestRegistry.StartAsync();
        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri, bindTarget: false);
        await using InProcessRelay relay = await InProcessRelay.StartAsync(registry, queues.Config(shared.Broker.AmqpUri));

        // Act
        await queues.PublishAsync(1, "user:unroutable");
        RelayCounts counts = await FirstOutcomeThenStopAsync(relay);

        // Assert
        await AssertStillInSourceAsync(queues, counts, sequence: 1);
    }

    [Fact]
    public async Task Forward_TargetExchangeDeleted_MessageStaysInSourceQueue()
    {
        // Arrange: the relay started against a complete topology; then the target exchange goes away, so the
        // broker closes the publish channel (404) instead of confirming.
        await using TestRegistry registry = await TestRegistry.StartAsync();
        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri);
        await using InProcessRelay relay = await InProcessRelay.StartAsync(registry, queues.Config(shared.Broker.AmqpUri));
        await queues.DeleteExchangeAsync();

        // Act
        await queues.PublishAsync(2, "user:no-exchange");
        RelayCounts counts = await FirstOutcomeThenStopAsync(relay);

        // Assert
        await AssertStillInSourceAsync(queues, counts, sequence: 2);
    }

    // Waits for whichever comes first, a requeue (right) or a settled forward (the loss), so a broken relay
    // fails on the assertions rather than on a timeout; then stops, which returns unacked deliveries.
    private async Task<RelayCounts> FirstOutcomeThenStopAsync(InProcessRelay relay)
    {
        await relay.WaitUntilAsync(c => c.Requeued >= 1 || InProcessRelay.Settled(c) >= 1, Wait, "the first forward's outcome");
        await relay.StopAsync();
        RelayCounts counts = relay.Counts;
        output.WriteLine($"after stop: {counts}");
        return counts;
    }

    private static async Task AssertStillInSourceAsync(RelayQueues queues, RelayCounts counts, long sequence)
    {
        counts.Forwarded.ShouldBe(0, "a forward the broker never confirmed was counted as settled");
        counts.Requeued.ShouldBeGreaterThanOrEqualTo(1);
        IReadOnlyList<ReceivedMessage> left = await queues.DrainAsync(queues.Source);
        left.ShouldHaveSingleItem("the message must still be in the source queue, not acked").Sequence.ShouldBe(sequence);
    }
}
