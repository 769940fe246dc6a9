using Heed.Registry.Hosting;
using Heed.Registry.State;
using Heed.Registry.Writes;

namespace Heed.Registry.Replication;

/// <summary>
/// Grants leases and decides when a write is enforced everywhere (docs/replication.md). LSN w is enforced once
/// every session either has applied w (acked, or could not be fresh below w) or has a lease that ended
/// in the registry's view. Leases run from when the registry received the request, which is after the
/// replica sent it, so the replica always gives up first. For one lease length after start, nothing is
/// acknowledged: leases granted before a restart are unknown here and must run out first.
/// </summary>
public sealed class LeaseCoordinator : IEnforcementAcknowledger, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, ReplicaLease> _sessions = [];
    private readonly PriorityQueue<Waiter, long> _waiters = new();
    private readonly TimeProvider _time;
    private readonly RegistryState _state;
    private readonly long _leaseTicks;
    private readonly long _graceEndsAt;
    private readonly ITimer _timer;
    private long _nextSessionId;

    public LeaseCoordinator(RegistryState state, RegistryOptions options, TimeProvider time)
    {
        _state = state;
        _time = time;
        Lease = options.Lease;
        _leaseTicks = (long)(options.Lease.TotalSeconds * time.TimestampFrequency);
        _graceEndsAt = time.GetTimestamp() + _leaseTicks;
        _timer = time.CreateTimer(_ => Evaluate(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
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
        }

        Evaluate();
    }

    /// <summary>The stream ended. The lease stays counted until it runs out: the replica may still hold it.</summary>
    public void Close(ReplicaLease lease)
    {
        lock (_lock)
        {
            lease.Connected = false;
        }

        Evaluate();
    }

    public ValueTask<DateTimeOffset> WaitEnforcedAsync(long lsn, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(lsn);
        lock (_lock)
        {
            if (IsEnforced(lsn, _time.GetTimestamp()))
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
            // Sessions leave only when the coordinator evaluates, which an idle registry never does.
            long now = _time.GetTimestamp();
            RemoveEnded(now);
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

    private bool IsEnforced(long lsn, long now)
    {
        if (now < _graceEndsAt)
        {
            return false;
        }

        foreach (ReplicaLease s in _sessions.Values)
        {
            if (s.FirstRequiredLsn >= 0 && s.ExpiresAt > now && s.EffectiveLsn < lsn)
            {
                return false;
            }
        }

        return true;
    }

    private void Evaluate()
    {
        List<Waiter>? done = null;
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            RemoveEnded(now);
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

    private void RemoveEnded(long now)
    {
        List<long>? ended = null;
        foreach (ReplicaLease s in _sessions.Values)
        {
            if (!s.Connected && s.ExpiresAt <= now)
            {
                (ended ??= []).Add(s.SessionId);
            }
        }

        ended?.ForEach(id => _sessions.Remove(id));
    }

    /// <summary>Wakes when the oldest waiter could next become enforced by time alone: the grace
    /// period ends, or a lagging session's lease runs out.</summary>
    private void ScheduleWake(long now)
    {
        if (!_waiters.TryPeek(out _, out long lsn))
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        long wakeAt = long.MaxValue;
        if (now < _graceEndsAt)
        {
            wakeAt = _graceEndsAt;
        }
        else
        {
            foreach (ReplicaLease s in _sessions.Values)
            {
                if (s.FirstRequiredLsn >= 0 && s.ExpiresAt > now && s.EffectiveLsn < lsn)
                {
                    wakeAt = Math.Min(wakeAt, s.ExpiresAt);
                }
            }
        }

        TimeSpan due = wakeAt == long.MaxValue ? Timeout.InfiniteTimeSpan : _time.GetElapsedTime(now, wakeAt) + TimeSpan.FromMilliseconds(1);
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private sealed class Waiter(long lsn)
    {
        public long Lsn { get; } = lsn;

        public TaskCompletionSource<DateTimeOffset> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
