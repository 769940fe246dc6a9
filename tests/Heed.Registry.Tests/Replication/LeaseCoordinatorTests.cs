using Heed.Core.Purposes;
using Heed.Registry.Hosting;
using Heed.Registry.Replication;
using Heed.Registry.State;
using Heed.Storage.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Registry.Tests.Replication;

/// <summary>The acknowledgement rule of docs/replication.md on a fake clock: every tick of every boundary.</summary>
public sealed class LeaseCoordinatorTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly ReplicaInfo Info = new("replica-1", "sdk", "tests", 1, "test");

    private readonly FakeTimeProvider _time = new();
    private readonly RegistryState _state = new(DefaultTaxonomy.Create());
    private readonly LeaseCoordinator _leases;

    public LeaseCoordinatorTests() => _leases = new LeaseCoordinator(_state, new RegistryOptions { Lease = Lease }, _time);

    [Fact]
    public void WaitEnforced_DuringFirstLeaseAfterStart_NotAcknowledged()
    {
        Commit(1);

        Task<DateTimeOffset> wait = Wait(1);
        _time.Advance(Lease - Tick);

        wait.IsCompleted.ShouldBeFalse();
        Wait(1).IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task WaitEnforced_GraceEnds_AcknowledgedAtBoundaryAndWaiterWokenByTimer()
    {
        DateTimeOffset start = _time.GetUtcNow();
        Commit(1);
        Task<DateTimeOffset> waiting = Wait(1);

        _time.Advance(Lease);
        Task<DateTimeOffset> atBoundary = Wait(1);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        atBoundary.IsCompletedSuccessfully.ShouldBeTrue();
        (await atBoundary).ShouldBe(start + Lease);
        (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBeGreaterThanOrEqualTo(start + Lease);
    }

    [Fact]
    public async Task WaitEnforced_EveryLiveSessionAcked_CompletesOnLastAck()
    {
        PastGrace();
        ReplicaLease a = _leases.Open(Info, 0);
        ReplicaLease b = _leases.Open(Info, 0);
        _leases.Grant(a, 0);
        _leases.Grant(b, 0);
        Commit(1);

        Task<DateTimeOffset> wait = Wait(1);
        _leases.Ack(a, 1);
        bool afterFirstAck = wait.IsCompleted;
        _leases.Ack(b, 1);

        afterFirstAck.ShouldBeFalse();
        wait.IsCompletedSuccessfully.ShouldBeTrue();
        (await wait).ShouldBe(_time.GetUtcNow());
    }

    [Fact]
    public void WaitEnforced_SessionAckedBelowWrite_StillBlocks()
    {
        PastGrace();
        ReplicaLease a = _leases.Open(Info, 0);
        _leases.Grant(a, 0);
        Commit(1);
        Commit(2);

        Task<DateTimeOffset> wait = Wait(2);
        _leases.Ack(a, 1);

        wait.IsCompleted.ShouldBeFalse();
        Wait(1).IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public async Task WaitEnforced_LaggingSessionLeaseEnds_CompletedByCoordinatorTimer()
    {
        PastGrace();
        ReplicaLease a = _leases.Open(Info, 0);
        _leases.Grant(a, 0);
        DateTimeOffset leaseEnds = _time.GetUtcNow() + Lease;
        Commit(1);
        Task<DateTimeOffset> wait = Wait(1);

        _time.Advance(Lease - Tick);
        bool beforeEnd = wait.IsCompleted;
        _time.Advance(TimeSpan.FromMilliseconds(2));

        beforeEnd.ShouldBeFalse();
        (await wait.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBeGreaterThan(leaseEnds);
    }

    [Fact]
    public void WaitEnforced_ExactlyAtLeaseEnd_Released()
    {
        PastGrace();
        ReplicaLease a = _leases.Open(Info, 0);
        _leases.Grant(a, 0);
        Commit(1);

        _time.Advance(Lease - Tick);
        bool blockedOneTickBefore = !Wait(1).IsCompleted;
        bool validOneTickBefore = _leases.List().Single().LeaseValid;
        _time.Advance(Tick);

        blockedOneTickBefore.ShouldBeTrue();
        validOneTickBefore.ShouldBeTrue();
        Wait(1).IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public void WaitEnforced_RenewedLease_BlocksPastFirstLeaseEnd()
    {
        PastGrace();
        ReplicaLease a = _leases.Open(Info, 0);
        _leases.Grant(a, 0);
        Commit(1);
        Task<DateTimeOffset> wait = Wait(1);

        _time.Advance(Lease / 2);
        _leases.Grant(a, 0);
        _time.Advance(Lease / 2 + TimeSpan.FromMilliseconds(2));
        bool afterFirstLease = wait.IsCompleted;
        _time.Advance(Lease / 2);

        afterFirstLease.ShouldBeFalse();
        wait.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public void WaitEnforced_FirstGrantRequiredTheWrite_DoesNotBlock()
    {
        PastGrace();
        Commit(1);
        ReplicaLease late = _leases.Open(Info, 0);

        long required = _leases.Grant(late, 0);
        Task<DateTimeOffset> wait = Wait(1);

        required.ShouldBe(1);
        wait.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public void WaitEnforced_SessionWithoutGrant_DoesNotBlock()
    {
        PastGrace();
        _leases.Open(Info, 0);
        Commit(1);

        Task<DateTimeOffset> wait = Wait(1);

        wait.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public async Task WaitEnforced_ClosedSessionLeaseRunning_BlocksUntilLeaseEnds()
    {
        PastGrace();
        ReplicaLease a = _leases.Open(Info, 0);
        _leases.Grant(a, 0);
        Commit(1);
        Task<DateTimeOffset> wait = Wait(1);

        _leases.Close(a);
        _time.Advance(Lease - Tick);
        bool beforeEnd = wait.IsCompleted;
        int countedBeforeEnd = _leases.List().Count;
        _time.Advance(TimeSpan.FromMilliseconds(2));

        beforeEnd.ShouldBeFalse();
        countedBeforeEnd.ShouldBe(1);
        await wait.WaitAsync(TimeSpan.FromSeconds(5));
        _leases.List().ShouldBeEmpty();
    }

    [Fact]
    public async Task WaitEnforced_Cancelled_ThrowsAndLaterWaitersStillComplete()
    {
        PastGrace();
        ReplicaLease a = _leases.Open(Info, 0);
        _leases.Grant(a, 0);
        Commit(1);
        using var cancel = new CancellationTokenSource();

        Task<DateTimeOffset> cancelled = Wait(1, cancel.Token);
        await cancel.CancelAsync();
        Task<DateTimeOffset> other = Wait(1);
        _leases.Ack(a, 1);

        await Should.ThrowAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(5)));
        other.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public void List_ClosedSessionLeaseEnded_NoLongerCounted()
    {
        PastGrace();
        ReplicaLease a = _leases.Open(Info, 0);
        _leases.Grant(a, 0);
        _leases.Close(a);

        _time.Advance(Lease);

        _leases.List().ShouldBeEmpty();
    }

    public void Dispose() => _leases.Dispose();

    private void PastGrace() => _time.Advance(Lease);

    private Task<DateTimeOffset> Wait(long lsn, CancellationToken cancellationToken = default) =>
        _leases.WaitEnforcedAsync(lsn, cancellationToken).AsTask();

    /// <summary>Commits LSN <paramref name="lsn"/>, moving the head that grants require.</summary>
    private void Commit(long lsn) => _state.Apply(
    [
        new LedgerEntry(lsn, EntryKinds.OptOutSet, $"user:lease-{lsn}", "analytics", _time.GetUtcNow(), "{}", [], []),
    ]).AsTask().IsCompletedSuccessfully.ShouldBeTrue();
}
