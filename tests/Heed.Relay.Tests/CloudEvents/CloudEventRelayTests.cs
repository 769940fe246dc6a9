using CloudNative.CloudEvents;
using Heed.Core.Schemas;
using Heed.Relay.Tests.Infrastructure;
using Heed.Relay.Telemetry;
using Heed.Testing.Schemas;
using RabbitMQ.Client;

namespace Heed.Relay.Tests.CloudEvents;

/// <summary>
/// A queue in CloudEvents mode, through a real registry, broker and relay, with SDK-built events in the AMQP
/// binding's binary and structured modes: every schema rejection is quarantined with its reason in
/// <c>heed-quarantine-reason</c> and counted; resolved events are forwarded or denied on their version's purposes.
/// </summary>
public sealed class CloudEventRelayTests(SharedBroker shared) : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private readonly SchemaRejectionListener _rejections = new();
    private readonly string _producer = "/producers/" + Guid.NewGuid().ToString("N");

    [Theory]
    [InlineData("binary")]
    [InlineData("structured")]
    public async Task Relay_EventsOfEveryKind_EachForwardedDeniedOrQuarantinedWithItsReason(string mode)
    {
        // Arrange
        await using TestRegistry registry = await TestRegistry.StartAsync();
        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri);
        await using InProcessRelay relay = await InProcessRelay.StartAsync(registry, queues.CloudEventsConfig(shared.Broker.AmqpUri));
        relay.Enforcer.Replica.Schemas = TestSchemas.Catalog();
        await registry.OptOutAsync("user:out", "personalize.content");
        (CloudEvent Event, string Outcome)[] cases =
        [
            (Event(TestSchemas.Unknown, 3, "user:a"), "unknown_type"),
            (Event(TestSchemas.Order, 9, "user:a"), "unknown_version"),
            (Event(TestSchemas.Order, 2, "user:a"), "retired"),
            (Event(TestSchemas.Order, 1, "user:a"), "below_minimum"),
            (Event(TestSchemas.Order, null, "user:a"), "ambiguous"),
            (Event(TestSchemas.Order, "3.0", "user:a"), "ambiguous"),
            (Event(TestSchemas.Order, 4, "user:a", "https://schemas.example.com/order/3"), "ambiguous"),
            (Event(TestSchemas.Order, 3, ""), "no_subject"),
            (Event(TestSchemas.Order, 3, "user:ok"), "forwarded"),
            (Event(TestSchemas.Order, 4, "user:ok", TestSchemas.DataSchema), "forwarded"),
            (Event(TestSchemas.Order, 3, "user:out"), "denied"),
            (Event(TestSchemas.Order, 4, "user:out", TestSchemas.DataSchema), "denied"),
        ];

        // Act
        for (var i = 0; i < cases.Length; i++)
        {
            (BasicProperties properties, ReadOnlyMemory<byte> body) = AmqpEvents.Encode(cases[i].Event, mode, i);
            await queues.PublishAsync(properties, body);
        }

        await relay.WaitForSettledAsync(cases.Length, Settle);
        IReadOnlyList<ReceivedMessage> forwarded = await queues.DrainAsync(queues.Target);
        IReadOnlyList<ReceivedMessage> quarantined = await queues.DrainAsync(queues.Quarantine);

        // Assert
        forwarded.Select(m => m.Sequence).Order().ShouldBe(Indexes(cases, "forwarded"));
        quarantined.OrderBy(m => m.Sequence).Select(m => $"{m.Sequence}:{m.QuarantineReason}")
            .ShouldBe(Enumerable.Range(0, cases.Length).Where(i => cases[i].Outcome is not ("forwarded" or "denied")).Select(i => $"{i}:{cases[i].Outcome}"));
        RelayCounts counts = relay.Counts;
        counts.Denied.ShouldBe(Indexes(cases, "denied").Count);
        _rejections.Of(_producer).Order().ShouldBe(
            [$"{TestSchemas.Order}//ambiguous", $"{TestSchemas.Order}/1/below_minimum", $"{TestSchemas.Order}/2/retired", $"{TestSchemas.Order}/3.0/ambiguous",
             $"{TestSchemas.Order}/4/ambiguous", $"{TestSchemas.Order}/9/unknown_version", $"{TestSchemas.Unknown}/3/unknown_type"]);
    }

    [Fact]
    public async Task Relay_BinaryEventWithSchemaVersionUnderBothSpellings_QuarantinedAsAmbiguous()
    {
        await using TestRegistry registry = await TestRegistry.StartAsync();
        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri);
        await using InProcessRelay relay = await InProcessRelay.StartAsync(registry, queues.CloudEventsConfig(shared.Broker.AmqpUri));
        relay.Enforcer.Replica.Schemas = TestSchemas.Catalog();
        (BasicProperties properties, ReadOnlyMemory<byte> body) = AmqpEvents.Encode(Event(TestSchemas.Order, 3, "user:a"), "binary", 0);
        properties.Headers!["cloudEvents_" + SchemaVersionAttribute.Name] = "3";
        (BasicProperties underscored, ReadOnlyMemory<byte> underscoredBody) = AmqpEvents.Encode(Event(TestSchemas.Order, 3, "user:a"), "binary", 1, prefix: "cloudEvents_");

        await queues.PublishAsync(properties, body);
        await queues.PublishAsync(underscored, underscoredBody);
        await relay.WaitForSettledAsync(2, Settle);

        (await queues.DrainAsync(queues.Quarantine)).Select(m => $"{m.Sequence}:{m.QuarantineReason}").ShouldBe(["0:ambiguous"]);
        (await queues.DrainAsync(queues.Target)).Select(m => m.Sequence).ShouldBe([1L]);
    }

    public void Dispose() => _rejections.Dispose();

    private static List<long> Indexes((CloudEvent Event, string Outcome)[] cases, string outcome) =>
        [.. Enumerable.Range(0, cases.Length).Where(i => cases[i].Outcome == outcome).Select(i => (long)i)];

    private CloudEvent Event(string type, object? version, string subject, string? dataSchema = null) =>
        TestSchemas.Event(type, version, subject, _producer, dataSchema);
}
