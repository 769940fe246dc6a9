using Heed.Client.Tests.Infrastructure;
using Heed.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Client.Tests.Replication;

/// <summary>The registry ships a snapshot in table order, which is key order: the replica must load it in
/// linear time whatever the chunking.</summary>
public sealed class ReplicaSnapshotLoadTests : IAsyncLifetime
{
    private const string Email = "marketing.communications.email";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private FakeRegistry _registry = null!;

    public async ValueTask InitializeAsync() => _registry = await FakeRegistry.StartAsync();

    public async ValueTask DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task Snapshot_InKeyOrderInManyChunks_LoadsInLinearTime()
    {
        // Arrange: 1M keys in ascending order, 64k to a chunk, as the registry scans its table. A table
        // sized for part of the snapshot takes each chunk's keys into its lowest slots, and linear
        // probing then costs a chunk squared: minutes, where a linear load takes about a second.
        const int records = 1 << 20;
        const int chunkSize = 1 << 16;
        var random = new Random(42);
        ulong[] keys = [.. Enumerable.Range(0, records).Select(_ => ((ulong)random.NextInt64() << 1) | 1).Order()];
        ulong mask = Messages.Mask(Email);
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();
        session.Send(Messages.Welcome(head: 5, snapshot: true));

        // Act
        for (int start = 0; start < records; start += chunkSize)
        {
            var chunk = new SnapshotChunk { Lsn = 5, Total = records, Last = start + chunkSize >= records };
            chunk.Keys.AddRange(keys.AsSpan(start, chunkSize).ToArray());
            chunk.Masks.AddRange(Enumerable.Repeat(mask, chunkSize));
            session.Send(new RegistryMessage { Snapshot = chunk });
        }

        Ack ack = (await session.NextAsync(ReplicaMessage.BodyOneofCase.Ack, TimeSpan.FromSeconds(30))).Ack;

        // Assert
        ack.AppliedLsn.ShouldBe(5);
        Heed.Core.Replicas.ReplicaTable table = replica.Enforcer.Replica.Table;
        table.Count.ShouldBe(records);
        table.Get(keys[0]).ShouldBe(mask);
        table.Get(keys[^1]).ShouldBe(mask);
        table.Get(keys[records / 2] + 2).ShouldBe(0UL);
        table.AllocatedBytes.ShouldBeLessThanOrEqualTo(new Heed.Core.Replicas.ReplicaTable(records).AllocatedBytes);
    }
}
