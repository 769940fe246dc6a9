using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Heed.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Client.Tests.Replication;

/// <summary>Overrides on the Sync stream (docs/replication.md, "Overrides"), against a scripted registry on real Kestrel.</summary>
public sealed class ReplicaOverrideTests : IAsyncLifetime
{
    private const string Email = "marketing.communications.email";
    private const string Id = "ovr_0123456789abcdef";
    private const long Hour = 3_600_000;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private FakeRegistry _registry = null!;

    public async ValueTask InitializeAsync() => _registry = await FakeRegistry.StartAsync();

    public async ValueTask DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task Changes_WithOverrides_InEffectWhenTheAckLeaves()
    {
        // Arrange: user:1 opted out; an override of marketing for this service arrives with the same batch.
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();
        session.Send(Messages.Welcome(head: 1, leaseMs: Hour));
        RegistryMessage approve = Messages.Changes(0, 1, ("user:1", Messages.Mask("marketing")));
        approve.Changes.Overrides = Messages.Overrides(Messages.Override(Id, "tests", ["marketing"]));
        session.Send(approve);
        (await session.NextAckAsync()).AppliedLsn.ShouldBe(1);
        LeaseRequest request = await session.NextLeaseRequestAsync();
        session.Send(Messages.Grant(request.Seq, Hour, requiredLsn: 1, (Id, Hour)));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);
        Decision overridden = replica.Enforcer.Check("user:1", Email);

        // Act: the registry revokes it; the batch's set no longer holds it.
        RegistryMessage revoke = Messages.Changes(1, 2);
        revoke.Changes.Overrides = Messages.Overrides();
        session.Send(revoke);
        Ack ack = await session.NextAckAsync();
        Decision afterAck = replica.Enforcer.Check("user:1", Email);

        // Assert
        overridden.Reason.ShouldBe(DecisionReason.Override);
        overridden.OverrideId.ShouldBe(Id);
        ack.AppliedLsn.ShouldBe(2);
        afterAck.Reason.ShouldBe(DecisionReason.OptedOut);
        afterAck.OverrideId.ShouldBeNull();
    }

    [Fact]
    public async Task Changes_WithoutOverrideSet_KeepOverrides()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await LeasedWithOverrideAsync(replica, remainingMs: Hour);

        // Act: a plain batch (an opt-out of someone else) says nothing about overrides.
        session.Send(Messages.Changes(1, 2, ("user:2", Messages.Mask("marketing"))));
        await session.NextAckAsync();

        // Assert
        replica.Enforcer.Check("user:1", Email).Reason.ShouldBe(DecisionReason.Override);
        replica.Enforcer.Check("user:2", Email).Reason.ShouldBe(DecisionReason.Override);
    }

    [Fact]
    public async Task Snapshot_LastChunkOverrides_InEffectWhenTheAckLeaves()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();
        session.Send(Messages.Welcome(head: 4, snapshot: true, leaseMs: Hour));
        LeaseRequest request = await session.NextLeaseRequestAsync();
        RegistryMessage last = Messages.Snapshot(4, total: 1, last: true, ("user:1", Messages.Mask("marketing")));
        last.Snapshot.Overrides = Messages.Overrides(Messages.Override(Id, "tests", ["marketing.communications"], "user:1"));

        // Act: the grant arrives while the snapshot loads, and waits for it.
        session.Send(Messages.Snapshot(4, total: 1, last: false));
        session.Send(Messages.Grant(request.Seq, Hour, requiredLsn: 4, (Id, Hour)));
        session.Send(last);
        (await session.NextAckAsync()).AppliedLsn.ShouldBe(4);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);

        // Assert
        Decision decision = replica.Enforcer.Check("user:1", Email);
        decision.Reason.ShouldBe(DecisionReason.Override);
        decision.OverrideId.ShouldBe(Id);
        replica.Enforcer.Check("user:1", "marketing.advertising.profiling").Reason.ShouldBe(DecisionReason.OptedOut);
    }

    [Fact]
    public async Task Grant_OverrideTime_HonoredUntilSendTimePlusRemainingLessDrift()
    {
        // Arrange: 10 s left when the registry got the request; the grant arrives 200 ms after it was sent.
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await LeasedWithOverrideAsync(replica, remainingMs: Hour);
        _time.Advance(TimeSpan.FromMinutes(1));
        LeaseRequest request = await session.NextLeaseRequestAsync();
        _time.Advance(TimeSpan.FromMilliseconds(200));
        long before = replica.Enforcer.Lease.ValidUntil;

        // Act
        session.Send(Messages.Grant(request.Seq, Hour, requiredLsn: 1, (Id, 10_000)));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Lease.ValidUntil > before);
        _time.Advance(TimeSpan.FromMilliseconds(8_799));
        Decision justBefore = replica.Enforcer.Check("user:1", Email);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Decision atEnd = replica.Enforcer.Check("user:1", Email);

        // Assert: q + 10 s · 0.9 = q + 9 s, and the lease still holds.
        justBefore.Reason.ShouldBe(DecisionReason.Override);
        atEnd.Reason.ShouldBe(DecisionReason.OptedOut);
        replica.Enforcer.IsFresh.ShouldBeTrue();
    }

    [Fact]
    public async Task Grant_WithoutTheOverride_EndsIt()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await LeasedWithOverrideAsync(replica, remainingMs: Hour);
        _time.Advance(TimeSpan.FromMinutes(1));
        LeaseRequest request = await session.NextLeaseRequestAsync();
        long before = replica.Enforcer.Lease.ValidUntil;

        // Act
        session.Send(Messages.Grant(request.Seq, Hour, requiredLsn: 1));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Lease.ValidUntil > before);

        // Assert
        replica.Enforcer.Check("user:1", Email).Reason.ShouldBe(DecisionReason.OptedOut);
    }

    [Fact]
    public async Task LeaseRequest_AfterOverrideAllows_CarriesCumulativeCounts()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await LeasedWithOverrideAsync(replica, remainingMs: Hour);

        // Act
        for (int i = 0; i < 3; i++)
        {
            replica.Enforcer.Check("user:1", Email);
        }

        replica.Enforcer.Check("user:9", Email);
        _time.Advance(TimeSpan.FromMinutes(1));
        LeaseRequest first = await session.NextLeaseRequestAsync();
        replica.Enforcer.Check("user:1", "marketing");
        _time.Advance(TimeSpan.FromMinutes(1));
        LeaseRequest second = await session.NextLeaseRequestAsync();

        // Assert: the setup's own check counted too.
        first.OverrideCounts.Single().ShouldBe(new OverrideCount { Id = Id, Allowed = 4 });
        second.OverrideCounts.Single().ShouldBe(new OverrideCount { Id = Id, Allowed = 5 });
    }

    [Fact]
    public async Task Override_ForThisReplicaId_Honored()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();
        session.Send(Messages.Welcome(head: 1, leaseMs: Hour));
        RegistryMessage changes = Messages.Changes(0, 1, ("user:1", Messages.Mask("marketing")));
        Override mine = Messages.Override(Id, string.Empty, ["marketing"]);
        mine.EnforcementPoint = session.Hello.ReplicaId;
        Override other = Messages.Override("ovr_ffffffffffffffff", string.Empty, ["all"]);
        other.EnforcementPoint = "some-other-replica";
        changes.Changes.Overrides = Messages.Overrides(other, mine);
        session.Send(changes);
        await session.NextAckAsync();

        // Act
        LeaseRequest request = await session.NextLeaseRequestAsync();
        session.Send(Messages.Grant(request.Seq, Hour, requiredLsn: 1, (Id, Hour), ("ovr_ffffffffffffffff", Hour)));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);

        // Assert
        replica.Enforcer.Check("user:1", Email).OverrideId.ShouldBe(Id);
        replica.Enforcer.Replica.Overrides.Ids.ShouldBe([Id]);
    }

    [Fact]
    public async Task StreamLost_OverridesStayButLeaseEnds_Unconfirmed()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await LeasedWithOverrideAsync(replica, remainingMs: Hour);

        // Act
        session.End();
        await Waits.UntilAsync(replica.Enforcer, () => !replica.Enforcer.Status.IsConnected && !replica.Enforcer.IsFresh);

        // Assert
        replica.Enforcer.Check("user:1", Email).Reason.ShouldBe(DecisionReason.Unconfirmed);
        replica.Enforcer.Replica.Overrides.Ids.ShouldBe([Id]);
    }

    /// <summary>user:1 opted out of marketing at LSN 1, an override of marketing for every subject of this
    /// service, and a grant (lease and override) for the first lease request.</summary>
    private async Task<FakeSession> LeasedWithOverrideAsync(ReplicaHost replica, long remainingMs)
    {
        FakeSession session = await _registry.NextSessionAsync();
        session.Send(Messages.Welcome(head: 1, leaseMs: Hour));
        RegistryMessage changes = Messages.Changes(0, 1, ("user:1", Messages.Mask("marketing")));
        changes.Changes.Overrides = Messages.Overrides(Messages.Override(Id, "tests", ["marketing"]));
        session.Send(changes);
        await session.NextAckAsync();
        LeaseRequest request = await session.NextLeaseRequestAsync();
        session.Send(Messages.Grant(request.Seq, Hour, requiredLsn: 1, (Id, remainingMs)));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);
        replica.Enforcer.Check("user:1", Email).Reason.ShouldBe(DecisionReason.Override);
        return session;
    }
}
