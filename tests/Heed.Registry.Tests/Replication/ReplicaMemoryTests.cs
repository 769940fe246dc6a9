using System.Net.Http.Json;
using System.Text.Json;
using Heed.Core.Subjects;
using Heed.Protocol.V1;
using Heed.Registry.State;
using Heed.Registry.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Tests.Replication;

/// <summary>Cleared subjects cost nothing to ship, a clear of an unknown subject costs nothing at all,
/// and each replica's memory per record is listed.</summary>
public sealed class ReplicaMemoryTests
{
    private const string Purpose = "marketing.communications.email";

    [Fact]
    public async Task Sync_SnapshotAfterClears_CountsAndShipsOnlySubjectsStillOptedOut()
    {
        // Arrange: 100 opt-outs, 40 of them cleared, and 10 clears of subjects never seen.
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient writer = await server.ClientAsync("writer");
        await ReplicationServiceTests.WriteBatchAsync(writer, Enumerable.Range(0, 100).Select(i => $"user:mem-{i}"), "set");
        await ReplicationServiceTests.WriteBatchAsync(writer, Enumerable.Range(0, 40).Select(i => $"user:mem-{i}"), "clear");
        await ReplicationServiceTests.WriteBatchAsync(writer, Enumerable.Range(0, 10).Select(i => $"user:never-{i}"), "clear");
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, await server.KeyAsync("enforcer"));

        // Act
        await replica.SendAsync(RawReplica.Hello(0));
        (await replica.NextAsync()).Welcome.SnapshotFollows.ShouldBeTrue();
        var keys = new List<ulong>();
        var totals = new HashSet<long>();
        SnapshotChunk chunk;
        do
        {
            chunk = (await replica.NextAsync()).Snapshot;
            totals.Add(chunk.Total);
            keys.AddRange(chunk.Keys);
            chunk.Masks.ShouldAllBe(m => m != 0);
        }
        while (!chunk.Last);

        // Assert
        totals.ShouldBe([60L]);
        keys.Count.ShouldBe(60);
        keys.ShouldNotContain(SubjectHash.Of("user:mem-0"));
        keys.ShouldContain(SubjectHash.Of("user:mem-99"));
        State(server).Replica.Table.Get(SubjectHash.Of("user:never-0")).ShouldBe(0UL);
        State(server).Replica.Table.Occupied.ShouldBeLessThanOrEqualTo(100);
    }

    [Fact]
    public async Task Sync_ClearOfUnknownSubject_ShipsNoSlot()
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient writer = await server.ClientAsync("writer");
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, await server.KeyAsync("enforcer"));
        long head = State(server).Head;
        await replica.SendAsync(RawReplica.Hello(head));
        await replica.NextAsync(RegistryMessage.BodyOneofCase.Welcome);
        int occupied = State(server).Replica.Table.Occupied;

        // Act
        HttpResponseMessage response = await writer.DeleteAsync($"/v1/subjects/user:never-seen/optouts/{Purpose}");
        ChangeBatch batch = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;

        // Assert: the ledger still records the clear (its LSN moves on), but no slot changes anywhere.
        response.IsSuccessStatusCode.ShouldBeTrue();
        batch.LastLsn.ShouldBeGreaterThan(head);
        batch.Keys.ShouldBeEmpty();
        State(server).Replica.Table.Occupied.ShouldBe(occupied);
    }

    [Fact]
    public async Task EnforcementPoints_ReplicaReportsItsTable_ListsBytesPerRecord()
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient admin = await server.ClientAsync("admin");
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, await server.KeyAsync("enforcer"));
        long head = State(server).Head;
        await replica.SendAsync(RawReplica.Hello(head, id: "ep-memory"));

        // Act
        await replica.SendAsync(new ReplicaMessage { LeaseRequest = new LeaseRequest { Seq = 1, AppliedLsn = head, Records = 1_000, TableBytes = 21_344 } });
        await replica.NextAsync(RegistryMessage.BodyOneofCase.LeaseGrant);
        JsonElement body = await admin.GetFromJsonAsync<JsonElement>("/v1/enforcement-points");

        // Assert
        JsonElement listed = body.GetProperty("enforcementPoints").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "ep-memory");
        listed.GetProperty("records").GetInt64().ShouldBe(1_000);
        listed.GetProperty("tableBytes").GetInt64().ShouldBe(21_344);
        listed.GetProperty("bytesPerRecord").GetDouble().ShouldBe(21.3, tolerance: 0.05);
    }

    private static RegistryState State(RegistryServer server) => server.Handle.App.Services.GetRequiredService<RegistryState>();
}
