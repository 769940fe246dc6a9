using System.Reflection;
using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Heed.Protocol;
using Heed.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Client.Tests.Replication;

/// <summary>The replica's handling of the Sync stream, against a scripted registry on real Kestrel.</summary>
public sealed class ReplicaSyncTests : IAsyncLifetime
{
    private const string Email = "marketing.communications.email";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private FakeRegistry _registry = null!;

    public async ValueTask InitializeAsync() => _registry = await FakeRegistry.StartAsync();

    public async ValueTask DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task Connect_NewReplica_SaysHelloWithKeyVersionAndZeroLsn()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time, key: "secret-key");

        // Act
        FakeSession session = await _registry.NextSessionAsync();

        // Assert
        session.Hello.ProtocolVersion.ShouldBe(ProtocolVersions.Current);
        session.Hello.SoftwareVersion.ShouldBe("Heed.Client/" + typeof(HeedOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion);
        session.Hello.AppliedLsn.ShouldBe(0);
        session.Hello.Kind.ShouldBe(ReplicaKinds.Sdk);
        session.Hello.Service.ShouldBe("tests");
        session.Hello.ReplicaId.ShouldNotBeNullOrEmpty();
        _registry.Authorization.ShouldContain("Bearer secret-key");
    }

    [Fact]
    public async Task Sync_SnapshotThenChanges_AppliesBothAcksAndAnswers()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();

        // Act
        session.Send(Messages.Welcome(head: 5, snapshot: true));
        session.Send(Messages.Snapshot(5, total: 2, last: false, ("user:1", Messages.Mask("marketing"))));
        session.Send(Messages.Snapshot(5, total: 2, last: true, ("user:2", Messages.Mask(Email))));
        Ack snapshotAck = await session.NextAckAsync();
        session.Send(Messages.Changes(5, 7, ("user:1", 0), ("user:3", Messages.Mask("all"))));
        Ack changesAck = await session.NextAckAsync();
        LeaseRequest request = await session.NextLeaseRequestAsync();
        session.Send(Messages.Grant(request.Seq, requiredLsn: 7));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);

        // Assert
        snapshotAck.AppliedLsn.ShouldBe(5);
        changesAck.AppliedLsn.ShouldBe(7);
        replica.Enforcer.AppliedLsn.ShouldBe(7);
        replica.Enforcer.Check("user:1", Email).Reason.ShouldBe(DecisionReason.Allowed);
        replica.Enforcer.Check("user:2", Email).Reason.ShouldBe(DecisionReason.OptedOut);
        Decision third = replica.Enforcer.Check("user:3", Email);
        third.Reason.ShouldBe(DecisionReason.OptedOut);
        third.Matched!.Name.ShouldBe("all");
        third.Lsn.ShouldBe(7);
    }

    [Fact]
    public async Task Sync_BatchAfterGap_DropsStreamAndResumesFromAppliedLsn()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession first = await _registry.NextSessionAsync();
        first.Send(Messages.Welcome(head: 3));
        first.Send(Messages.Changes(0, 3, ("user:1", Messages.Mask("marketing"))));
        (await first.NextAckAsync()).AppliedLsn.ShouldBe(3);

        // Act: LSNs 4 and 5 never arrive.
        first.Send(Messages.Changes(5, 6, ("user:9", Messages.Mask("marketing"))));
        FakeSession second = await _registry.NextSessionAsync();

        // Assert
        second.Hello.AppliedLsn.ShouldBe(3);
        await first.Closed.WaitAsync(Waits.Default);
        replica.Enforcer.AppliedLsn.ShouldBe(3);
        replica.Enforcer.Replica.Table.Get(Messages.Key("user:9")).ShouldBe(0UL);
        replica.Enforcer.Status.LastError.ShouldBeOfType<HeedConnectionException>().Message.ShouldContain("missed changes");
    }

    [Fact]
    public async Task LeaseGrant_CountsFromRequestSendTime_EndsAtDriftAdjustedDeadline()
    {
        // Arrange: a 1 s lease with a 10 % drift margin, requested at q and granted 200 ms later.
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();
        session.Send(Messages.Welcome(head: 0, leaseMs: 1000));
        LeaseRequest request = await session.NextLeaseRequestAsync();
        _time.Advance(TimeSpan.FromMilliseconds(200));

        // Act
        session.Send(Messages.Grant(request.Seq, leaseMs: 1000));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);
        _time.Advance(TimeSpan.FromMilliseconds(699));
        Decision justBefore = replica.Enforcer.Check("user:1", Email);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Decision atDeadline = replica.Enforcer.Check("user:1", Email);

        // Assert: q + 900 ms, not arrival + 900 ms.
        justBefore.Reason.ShouldBe(DecisionReason.Allowed);
        atDeadline.Reason.ShouldBe(DecisionReason.Unconfirmed);
        atDeadline.Allowed.ShouldBeFalse();
    }

    [Fact]
    public async Task LeaseGrant_RequiredLsnNotApplied_UnconfirmedUntilChangesArrive()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();
        session.Send(Messages.Welcome(head: 2));
        LeaseRequest request = await session.NextLeaseRequestAsync();

        // Act
        session.Send(Messages.Grant(request.Seq, requiredLsn: 2));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Lease.RequiredLsn == 2);
        Decision before = replica.Enforcer.Check("user:1", Email);
        session.Send(Messages.Changes(0, 2, ("user:1", Messages.Mask(Email))));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);
        Decision after = replica.Enforcer.Check("user:1", Email);

        // Assert
        before.Reason.ShouldBe(DecisionReason.Unconfirmed);
        after.Reason.ShouldBe(DecisionReason.OptedOut);
    }

    [Fact]
    public async Task StreamLost_WithValidLease_FailsClosedAtOnceAndReconnects()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession first = await _registry.NextSessionAsync();
        first.Send(Messages.Welcome(head: 0));
        LeaseRequest request = await first.NextLeaseRequestAsync();
        first.Send(Messages.Grant(request.Seq, leaseMs: 60_000));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);

        // Act: no time passes, so only a revoke can end the lease.
        first.End();
        await Waits.UntilAsync(replica.Enforcer, () => !replica.Enforcer.Status.IsConnected && !replica.Enforcer.IsFresh);
        Decision decision = replica.Enforcer.Check("user:1", Email);
        FakeSession second = await _registry.NextSessionAsync();

        // Assert
        decision.Reason.ShouldBe(DecisionReason.Unconfirmed);
        second.Hello.ReplicaId.ShouldBe(first.Hello.ReplicaId);
    }

    [Fact]
    public async Task Heartbeat_RegistryStopsGranting_ReconnectsAfterSilence()
    {
        // Arrange: heartbeats every 100 ms, lease 1 s; the registry never answers.
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession first = await _registry.NextSessionAsync();
        first.Send(Messages.Welcome(head: 0, leaseMs: 1000, heartbeatMs: 100));
        await first.NextLeaseRequestAsync();

        // Act
        for (int i = 0; i < 11; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        FakeSession second = await _registry.NextSessionAsync();

        // Assert
        second.Hello.ReplicaId.ShouldBe(first.Hello.ReplicaId);
        replica.Enforcer.Status.LastError!.Message.ShouldContain("no lease grant");
    }
}
