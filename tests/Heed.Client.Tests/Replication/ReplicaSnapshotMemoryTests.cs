using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Heed.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Client.Tests.Replication;

/// <summary>A snapshot's claimed total is a hint: the replica allocates for what arrives, and reports it.</summary>
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
}
