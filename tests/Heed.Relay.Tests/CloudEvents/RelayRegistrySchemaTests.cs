using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Relay.Tests.Infrastructure;
using Heed.Testing.Schemas;
using RabbitMQ.Client;

namespace Heed.Relay.Tests.CloudEvents;

/// <summary>End to end through the registry: versions registered and retired through <c>/v1/schemas</c> reach the
/// relay on the replication stream; once the retirement is acknowledged no v1 event is forwarded.</summary>
public sealed class RelayRegistrySchemaTests(SharedBroker shared)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private readonly string _type = "com.example.e2e." + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Relay_VersionRetiredThroughTheRegistry_ItsEventsQuarantinedAfterTheAcknowledgement()
    {
        // Arrange: v1 and v2 registered and acknowledged.
        await using TestRegistry registry = await TestRegistry.StartAsync();
        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri);
        await using InProcessRelay relay = await InProcessRelay.StartAsync(registry, queues.CloudEventsConfig(shared.Broker.AmqpUri));
        using HttpClient admin = registry.AdminClient();
        foreach (int version in (int[])[1, 2])
        {
            HttpResponseMessage registered = await admin.PostAsJsonAsync("/v1/schemas", new { type = _type, version, purposes = TestSchemas.Purposes });
            registered.StatusCode.ShouldBe(HttpStatusCode.Created);
            (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enforced").GetBoolean().ShouldBeTrue();
        }

        // Act: v1 and v2 before, then after, the retirement of v1.
        await PublishAsync(queues, 0, 1);
        await PublishAsync(queues, 1, 2);
        await relay.WaitForSettledAsync(2, Settle);
        HttpResponseMessage retired = await admin.PostAsync($"/v1/schemas/{Uri.EscapeDataString(_type)}/versions/1/retire", null);
        JsonElement acknowledgement = await retired.Content.ReadFromJsonAsync<JsonElement>();
        await PublishAsync(queues, 2, 1);
        await PublishAsync(queues, 3, 2);
        await relay.WaitForSettledAsync(4, Settle);

        // Assert
        acknowledgement.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        (await queues.DrainAsync(queues.Target)).Select(m => m.Sequence).Order().ShouldBe([0L, 1L, 3L]);
        (await queues.DrainAsync(queues.Quarantine)).Select(m => $"{m.Sequence}:{m.QuarantineReason}").ShouldBe(["2:retired"]);
    }

    private async Task PublishAsync(RelayQueues queues, long sequence, int version)
    {
        (BasicProperties properties, ReadOnlyMemory<byte> body) = AmqpEvents.Encode(
            TestSchemas.Event(_type, version, $"user:e2e-{sequence}", "/producers/e2e"), sequence % 2 == 0 ? "binary" : "structured", sequence);
        await queues.PublishAsync(properties, body);
    }
}
