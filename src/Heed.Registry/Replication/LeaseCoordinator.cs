using Heed.Registry.Hosting;
using Heed.Registry.State;
using Heed.Registry.Writes;

namespace Heed.Registry.Replication;

/// <summary>
/// Grants leases and decides when a write is enforced everywhere. LSN w is enforced once every session
/// either has applied w (acked, or could not be fresh below w) or has a lease that ended in the
/// registry's view. Leases run from when the registry received the request, which is after the replica
/// sent it, so the replica always gives up first. For one lease length after start, nothing is
/// acknowledged: leases granted before a restart are unknown here and must run out first.
/// A grant or an ack costs O(log N) in the sessions with a running lease (<see cref="LiveLeases"/>), and
/// whether w is enforced is one comparison with their minimum; see docs/replication.md.
/// </summary>
public sealed class LeaseCoordinator : IEnforcementAcknowledger, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, ReplicaLease> _sessions = [];
    private readonly LiveLeases _live = new();
    private readonly PriorityQueue<Waiter, long> _waiters = new();
    private readonly TimeProvider _time;
    private readonly RegistryState _state;
    private readonly long _leaseTicks;
    private readonly long _graceEndsAt;
    private readonly ITimer _timer;
    private readonly Action<ReplicaLease> _leaseEnded;
    private long _nextSessionId;
    private long _wakeAt = long.MaxValue;

    public LeaseCoordinator(RegistryState state, RegistryOptions options, TimeProvider time)
    {
        _state = state;
        _time = time;
        Lease = options.Lease;
        _leaseTicks = (long)(options.Lease.TotalSeconds * time.TimestampFrequency);
        _graceEndsAt = time.GetTimestamp() + _leaseTicks;
        _leaseEnded = LeaseEnded;
        _timer = time.CreateTimer(_ => Woken(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Lease { get; }

    public ReplicaLease Open(ReplicaInfo info, long appliedLsn)
    {
        lock (_lock)
        {
            var lease = new ReplicaLease(++_nextSessionId, info, _time.GetTimestamp()) { AckedLsn = appliedLsn };
            _sessions.Add(lease.SessionId, lease);
            return lease;
        }
    }

    /// <summary>Grants a lease for a request received now; returns the LSN the replica must have applied.</summary>
    public long Grant(ReplicaLease lease, long appliedLsn, ReplicaMemory memory = default)
    {
        long required;
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            required = _state.Head;
            lease.ExpiresAt = now + _leaseTicks;
            lease.LastSeenAt = now;
            lease.AckedLsn = Math.Max(lease.AckedLsn, appliedLsn);
            lease.Grants++;
            lease.Memory = memory;
            if (lease.FirstRequiredLsn < 0)
            {
                lease.FirstRequiredLsn = required;
            }

            _live.Renewed(lease);
        }

        Evaluate();
        return required;
    }

    public void Ack(ReplicaLease lease, long appliedLsn)
    {
        lock (_lock)
        {
            lease.AckedLsn = Math.Max(lease.AckedLsn, appliedLsn);
            lease.LastSeenAt = _time.GetTimestamp();
            _live.Moved(lease);
        }

        Evaluate();
    }

    /// <summary>The stream ended. The lease stays counted until it runs out: the replica may still hold it.</summary>
    public void Close(ReplicaLease lease)
    {
        lock (_lock)
        {
            lease.Connected = false;
            if (lease.EndNode is null)
            {
                _sessions.Remove(lease.SessionId);
            }
        }

        Evaluate();
    }

    public ValueTask<DateTimeOffset> WaitEnforcedAsync(long lsn, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(lsn);
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            _live.EndThrough(now, _leaseEnded);
            if (IsEnforced(lsn, now))
            {
                return ValueTask.FromResult(_time.GetUtcNow());
            }

            _waiters.Enqueue(waiter, lsn);
        }

        Evaluate();
        return new ValueTask<DateTimeOffset>(waiter.Completion.Task.WaitAsync(cancellationToken));
    }

    /// <summary>A copy of every session the registry still counts, for <c>/v1/enforcement-points</c>.</summary>
    public IReadOnlyList<LeaseView> List()
    {
        lock (_lock)
        {
            // Leases end only when the coordinator looks, which an idle registry never does.
            long now = _time.GetTimestamp();
            _live.EndThrough(now, _leaseEnded);
            return [.. _sessions.Values.Select(s => new LeaseView(
                s.SessionId,
                s.Info,
                s.AckedLsn,
                Math.Max(0, _state.Head - s.AckedLsn),
                s.Connected,
                s.ExpiresAt > now,
                s.ExpiresAt > now ? _time.GetElapsedTime(now, s.ExpiresAt) : TimeSpan.Zero,
                s.Grants,
                s.Memory))];
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>Whether <paramref name="lsn"/> is enforced; leases that ended by <paramref name="now"/> are already out.</summary>
    private bool IsEnforced(long lsn, long now) => now >= _graceEndsAt && _live.Frontier >= lsn;

    private void LeaseEnded(ReplicaLease lease)
    {
        if (!lease.Connected)
        {
            _sessions.Remove(lease.SessionId);
        }
    }

    private void Woken()
    {
        lock (_lock)
        {
            _wakeAt = long.MaxValue; // the timer is spent: arm it again whatever the next wake is
        }

        Evaluate();
    }

    private void Evaluate()
    {
        List<Waiter>? done = null;
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            _live.EndThrough(now, _leaseEnded);
            while (_waiters.TryPeek(out Waiter? next, out long lsn) && IsEnforced(lsn, now))
            {
                _waiters.Dequeue();
                (done ??= []).Add(next);
            }

            ScheduleWake(now);
        }

        if (done is not null)
        {
            DateTimeOffset at = _time.GetUtcNow();
            foreach (Waiter w in done)
            {
                w.Completion.TrySetResult(at);
            }
        }
    }

    /// <summary>Wakes when the oldest waiter could next become enforced by time alone: the grace period
    /// ends, or the first running lease ends (a waiter is blocked by some running lease, and none of them
    /// ends before the first).</summary>
    private void ScheduleWake(long now)
    {
        long wakeAt = !_waiters.TryPeek(out _, out _) ? long.MaxValue
            : now < _graceEndsAt ? _graceEndsAt
            : _live.NextEnd;
        if (wakeAt == _wakeAt)
        {
            return;
        }

        _wakeAt = wakeAt;
        TimeSpan due = wakeAt == long.MaxValue ? Timeout.InfiniteTimeSpan : _time.GetElapsedTime(now, wakeAt) + TimeSpan.FromMilliseconds(1);
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private sealed class Waiter(long lsn)
    {
        public long Lsn { get; } = lsn;

        public TaskCompletionSource<DateTimeOffset> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
