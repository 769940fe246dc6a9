using System.Diagnostics;
using Heed.Relay.Consuming;
using Heed.Relay.Messages;
using Heed.Relay.Tests.Infrastructure;
using Heed.Relay.Telemetry;
using RabbitMQ.Client;

namespace Heed.Relay.Tests.Consuming;

/// <summary>A real registry, a real broker and the real relay host, in one process.</summary>
public sealed class RelayFlowTests(SharedBroker shared, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Relay_TenThousandMessagesWithOptOutsFlippedMidStream_EveryMessageAccountedForAndNoneForwardedAfterAcknowledgement()
    {
        // Arrange: 200 subjects; every 200th message fires an opt-out of one more subject (not awaited), so
        // 49 acknowledgements land while messages flow. Every 101st message has no subject (quarantine).
        const int Total = 10_000;
        const int Subjects = 200;
        await using TestRegistry registry = await TestRegistry.StartAsync();
        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri);
        await using InProcessRelay relay = await InProcessRelay.StartAsync(registry, queues.Config(shared.Broker.AmqpUri));
        var publishedAt = new long[Total];
        var subjectOf = new string?[Total];
        var optOuts = new List<Task<(string Subject, long AckedAt)>>();

        // Act
        IChannel publisher = await queues.OpenPublisherAsync();
        var pending = new List<Task>(100);
        for (var i = 0; i < Total; i++)
        {
            if (i > 0 && i % 200 == 0)
            {
                string flipped = $"user:{(i / 200) - 1}";
                optOuts.Add(Task.Run(async () => (flipped, await registry.OptOutAsync(flipped, "marketing"))));
            }

            subjectOf[i] = i % 101 == 0 ? null : $"user:{i % Subjects}";
            publishedAt[i] = Stopwatch.GetTimestamp();
            pending.Add(queues.PublishAsync(i, subjectOf[i], publisher).AsTask());
            if (pending.Count == 100)
            {
                // Confirms pipeline 100 at a time, so the stream keeps flowing while writes are acknowledged.
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);

        (string Subject, long AckedAt)[] acknowledged = await Task.WhenAll(optOuts);
        await relay.WaitForSettledAsync(Total, Settle);
        RelayCounts counts = relay.Counts;
        IReadOnlyList<ReceivedMessage> forwarded = await queues.DrainAsync(queues.Target);
        IReadOnlyList<ReceivedMessage> quarantined = await queues.DrainAsync(queues.Quarantine);
        output.WriteLine($"counts: {counts}; at target {forwarded.Count}, in quarantine {quarantined.Count}");

        // Assert: every message is accounted for exactly once.
        counts.In.ShouldBe(Total);
        counts.Requeued.ShouldBe(0);
        (counts.Forwarded + counts.Denied + counts.Quarantined).ShouldBe(Total);
        forwarded.Count.ShouldBe((int)counts.Forwarded);
        quarantined.Count.ShouldBe((int)counts.Quarantined);
        forwarded.Concat(quarantined).Select(m => m.Sequence).Distinct().Count().ShouldBe(forwarded.Count + quarantined.Count);
        (await queues.CountAsync(queues.Source)).ShouldBe(0u);
        counts.Denied.ShouldBeGreaterThan(0);
        quarantined.ShouldAllBe(m => m.QuarantineReason == SubjectExtractor.NoSubject);
        quarantined.Count(m => m.QuarantineReason == SubjectExtractor.NoSubject).ShouldBe(Enumerable.Range(0, Total).Count(i => i % 101 == 0));

        // Assert: no message published after its subject's opt-out was acknowledged reached the target.
        var ackedAt = acknowledged.ToDictionary(a => a.Subject, a => a.AckedAt);
        var leaks = forwarded
            .Where(m => m.Subject is { } s && ackedAt.TryGetValue(s, out long acked) && publishedAt[m.Sequence] > acked)
            .Select(m => $"#{m.Sequence} of {m.Subject}")
            .ToList();
        leaks.ShouldBeEmpty();
        relay.Status.RecentDenials.ShouldAllBe(d => ackedAt.ContainsKey(d.Subject) && d.Reason == "opted_out" && d.Matched == "marketing");
    }

    [Fact]
    public async Task Redelivery_OptOutBetweenFirstAttemptAndRedelivery_RedeliveryIsDenied()
    {
        // Arrange: the target exchange has no queue yet, so the first forward comes back unroutable and the
        // delivery is returned to its queue (nack, requeue) again and again.
        await using TestRegistry registry = await TestRegistry.StartAsync();
        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri, bindTarget: false);
        await using InProcessRelay relay = await InProcessRelay.StartAsync(registry, queues.Config(shared.Broker.AmqpUri));
        await queues.PublishAsync(1, "user:redelivered");
        await relay.WaitUntilAsync(c => c.Requeued >= 1, TimeSpan.FromSeconds(30), "a failed forward");

        // Act: opt out, then let the next redelivery through to a bound target.
        await registry.OptOutAsync("user:redelivered", "marketing");
        await queues.BindTargetAsync();
        await relay.WaitUntilAsync(c => c.Denied == 1, TimeSpan.FromSeconds(30), "the redelivery denied");

        // Assert
        RelayCounts counts = relay.Counts;
        counts.Forwarded.ShouldBe(0);
        counts.Redelivered.ShouldBeGreaterThanOrEqualTo(1);
        relay.Status.RecentDenials.ShouldHaveSingleItem().Redelivered.ShouldBeTrue();
        (await queues.DrainAsync(queues.Target)).ShouldBeEmpty();
        (await queues.CountAsync(queues.Source)).ShouldBe(0u);
    }

    [Fact]
    public async Task Stop_MidStream_DrainsInFlightDeliveriesAndLosesNone()
    {
        // Arrange: a backlog first, so the stop lands while deliveries are in flight.
        const int Total = 10_000;
        await using TestRegistry registry = await TestRegistry.StartAsync();
        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri);
        IChannel publisher = await queues.OpenPublisherAsync();
        await PublishAsync(queues, publisher, Total);
        InProcessRelay relay = await InProcessRelay.StartAsync(registry, queues.Config(shared.Broker.AmqpUri, prefetch: 200));
        await relay.WaitForSettledAsync(500, Settle);

        // Act
        await relay.DisposeAsync();

        // Assert: nothing in flight; every message is at the target or back in the source queue, once.
        RelayCounts counts = relay.Counts;
        output.WriteLine($"after stop: {counts}");
        counts.InFlight.ShouldBe(0);
        IReadOnlyList<ReceivedMessage> forwarded = await queues.DrainAsync(queues.Target);
        uint left = await queues.CountAsync(queues.Source);
        forwarded.Count.ShouldBe((int)counts.Forwarded);
        left.ShouldBeGreaterThan(0u);
        (forwarded.Count + left).ShouldBe((uint)Total);
        forwarded.Select(m => m.Sequence).Distinct().Count().ShouldBe(forwarded.Count);
    }

    [Fact]
    public async Task Relay_RegistryUnreachableAfterStart_HoldsTheMessageInItsQueueAndForwardsNothing()
    {
        // Arrange
        TestRegistry registry = await TestRegistry.StartAsync();
        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri);
        await using InProcessRelay relay = await InProcessRelay.StartAsync(registry, queues.Config(shared.Broker.AmqpUri));

        // Act: without the registry the replica's lease runs out; it must fail closed without costing work.
        await registry.DisposeAsync();
        await relay.WaitUntilAsync(_ => !relay.Status.IsReplicaFresh, TimeSpan.FromSeconds(10), "the lease to end");
        await queues.PublishAsync(7, "user:7");
        await relay.WaitUntilAsync(c => c.In >= 1, Settle, "the relay to take the message");
        await relay.StopAsync();

        // Assert: not forwarded, not quarantined, not acked: back in its queue for when the registry returns.
        relay.Counts.Forwarded.ShouldBe(0);
        relay.Counts.Quarantined.ShouldBe(0);
        (await queues.CountAsync(queues.Quarantine)).ShouldBe(0u);
        ReceivedMessage held = (await queues.DrainAsync(queues.Source)).ShouldHaveSingleItem();
        held.Sequence.ShouldBe(7);
    }

    private static async Task PublishAsync(RelayQueues queues, IChannel publisher, int total)
    {
        var pending = new List<Task>(100);
        for (var i = 0; i < total; i++)
        {
            pending.Add(queues.PublishAsync(i, $"user:{i % 50}", publisher).AsTask());
            if (pending.Count == 100)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    }
}
