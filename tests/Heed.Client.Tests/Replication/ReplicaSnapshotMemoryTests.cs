using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Heed.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Client.Tests.Replication;

/// <summary>A snapshot's claimed total is a hint: the replica allocates for what arrives, and reports it; a
/// snapshot in key order (as the registry scans its table) loads in linear time whatever the chunking.</summary>
public sealed class ReplicaSnapshotMemoryTests : IAsyncLifetime
{
    private const string Email = "marketing.communications.email";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private FakeRegistry _registry = null!;

    public async ValueTask InitializeAsync() => _registry = await FakeRegistry.StartAsync();

    public async ValueTask DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task Snapshot_ClaimsABillionDeliversTen_AllocatesForTen()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();
        (string, ulong)[] slots = [.. Enumerable.Range(0, 10).Select(i => ("user:" + i, Messages.Mask(Email)))];

        // Act
        session.Send(Messages.Welcome(head: 5, snapshot: true));
        session.Send(Messages.Snapshot(5, total: 1_000_000_000, last: false, slots[..5]));
        session.Send(Messages.Snapshot(5, total: 1_000_000_000, last: true, slots[5..]));
        Ack ack = await session.NextAckAsync();

        // Assert: no more than a table made for 10 records (the smallest table, 23 slots of 16 bytes).
        ack.AppliedLsn.ShouldBe(5);
        Heed.Core.Replicas.ReplicaTable table = replica.Enforcer.Replica.Table;
        table.Count.ShouldBe(10);
        table.AllocatedBytes.ShouldBeLessThanOrEqualTo(new Heed.Core.Replicas.ReplicaTable(10).AllocatedBytes);
        table.AllocatedBytes.ShouldBeLessThan(1_024);
    }

    [Fact]
    public async Task LeaseRequest_AfterSnapshot_ReportsRecordsAndTableBytes()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();
        session.Send(Messages.Welcome(head: 5, snapshot: true));
        session.Send(Messages.Snapshot(5, total: 3, last: true, ("user:1", Messages.Mask(Email)), ("user:2", Messages.Mask(Email)), ("user:3", Messages.Mask("all"))));
        (await session.NextAckAsync()).AppliedLsn.ShouldBe(5);

        // Act: the first request may have left before the snapshot; each heartbeat sends another.
        LeaseRequest request = await session.NextLeaseRequestAsync();
        for (int i = 0; i < 5 && request.Records != 3; i++)
        {
            session.Send(Messages.Grant(request.Seq, requiredLsn: 5));
            _time.Advance(TimeSpan.FromMinutes(1));
            request = await session.NextLeaseRequestAsync();
        }

        // Assert
        request.Records.ShouldBe(3);
        request.TableBytes.ShouldBe(replica.Enforcer.Replica.Table.AllocatedBytes);
        request.TableBytes.ShouldBeGreaterThan(0);
        replica.Enforcer.Check("user:3", Email).Reason.ShouldNotBe(DecisionReason.Allowed);
    }

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
