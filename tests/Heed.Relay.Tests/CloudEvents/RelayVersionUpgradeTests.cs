using System.Diagnostics;
using CloudNative.CloudEvents;
using Heed.Core.Schemas;
using Heed.Relay.Tests.Infrastructure;
using Heed.Testing.Schemas;
using RabbitMQ.Client;

namespace Heed.Relay.Tests.CloudEvents;

/// <summary>A producer moves from v3 to v4 of a type mid-stream and v3 is retired under the running relay:
/// from the moment the replica holds the catalog with v3 retired, no v3 event is forwarded.</summary>
public sealed class RelayVersionUpgradeTests(SharedBroker shared)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Relay_VersionRetiredMidStream_NoEventOfItPublishedAfterwardsForwarded()
    {
        // Arrange
        const int Total = 600;
        const int RetireAt = 300;
        await using TestRegistry registry = await TestRegistry.StartAsync();
        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri);
        await using InProcessRelay relay = await InProcessRelay.StartAsync(registry, queues.CloudEventsConfig(shared.Broker.AmqpUri));
        relay.Enforcer.Replica.Schemas = TestSchemas.Catalog();
        var versions = new int[Total];
        long retiredAt = 0;
        IChannel publisher = await queues.OpenPublisherAsync();

        // Act: v3 only, then v3 and v4 interleaved; v3 is retired while earlier messages are still being relayed.
        var pending = new List<Task>();
        for (var i = 0; i < Total; i++)
        {
            if (i == RetireAt)
            {
                relay.Enforcer.Replica.Schemas = TestSchemas.Catalog(v3: SchemaStatus.Retired);
                retiredAt = i;
            }

            versions[i] = i < RetireAt || i % 2 == 0 ? 3 : 4;
            CloudEvent cloudEvent = TestSchemas.Event(TestSchemas.Order, versions[i], $"user:{i % 17}", "/producers/upgrade", versions[i] == 4 ? TestSchemas.DataSchema : null);
            (BasicProperties properties, ReadOnlyMemory<byte> body) = AmqpEvents.Encode(cloudEvent, i % 3 == 0 ? "structured" : "binary", i);
            pending.Add(queues.PublishAsync(properties, body, publisher).AsTask());
            if (pending.Count == 50)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
        await relay.WaitForSettledAsync(Total, Settle);
        IReadOnlyList<ReceivedMessage> forwarded = await queues.DrainAsync(queues.Target);
        IReadOnlyList<ReceivedMessage> quarantined = await queues.DrainAsync(queues.Quarantine);

        // Assert: every message accounted for; no v3 published after the retirement forwarded; every v4 forwarded.
        (forwarded.Count + quarantined.Count).ShouldBe(Total);
        forwarded.Where(m => versions[m.Sequence] == 3 && m.Sequence >= retiredAt).ShouldBeEmpty();
        quarantined.ShouldAllBe(m => versions[m.Sequence] == 3 && m.QuarantineReason == "retired");
        forwarded.Count(m => versions[m.Sequence] == 4).ShouldBe(versions.Count(v => v == 4));
        quarantined.Count.ShouldBeGreaterThanOrEqualTo(Enumerable.Range(RetireAt, Total - RetireAt).Count(i => versions[i] == 3));
    }
}
