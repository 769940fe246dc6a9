using Heed.Core.Decisions;
using Heed.Core.Leases;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Microsoft.Extensions.Options;

namespace Heed.Client.Enforcement;

/// <summary>
/// The replica as checks see it. Checks read the current <see cref="ReplicaState"/> (one volatile read)
/// and answer from it; the replication session is the only writer. Every change (an applied batch, a
/// snapshot, a lease grant, a connection change) completes <see cref="WhenChanged"/>, so waiters wake on
/// events instead of polling.
/// </summary>
internal sealed class HeedEnforcer : IHeedEnforcer
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _tokenWait;
    private readonly double _driftMargin;
    private ReplicaState _state;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _connected;
    private volatile ErrorRecord? _lastError;
    private LedgerPosition _position = LedgerPosition.None;

    // The built-in taxonomy only until the first Welcome replaces it with the registry's (ReplicaApplier):
    // without a lease nothing is answered from it but "unconfirmed" and "unknown_purpose".
    public HeedEnforcer(IOptions<HeedOptions> options, TimeProvider time)
        : this(time, options.Value.DriftMargin, options.Value.TokenWait, DefaultTaxonomy.Create())
    {
    }

    internal HeedEnforcer(TimeProvider time, double driftMargin, TimeSpan tokenWait, PurposeTaxonomy taxonomy)
    {
        _time = time;
        _tokenWait = tokenWait;
        _driftMargin = driftMargin;
        _state = new ReplicaState(taxonomy, new LeaseClock(time, driftMargin));
    }

    /// <summary>The lease of the current copy; a snapshot (<see cref="Install"/>) or a <see cref="Reset"/> replaces it.</summary>
    public LeaseClock Lease => Replica.Lease;

    public TimeProvider Time => _time;

    public ReplicaState Replica => Volatile.Read(ref _state);

    public bool IsFresh => Replica.IsFresh;

    public long AppliedLsn => Replica.AppliedLsn;

    /// <summary>The history the copy follows, at <see cref="AppliedLsn"/>. Writer only.</summary>
    public LedgerPosition Position => _position;

    public HeedStatus Status
    {
        get
        {
            ReplicaState state = Replica;
            ErrorRecord? error = _lastError;
            return new HeedStatus(_connected, state.IsFresh, state.AppliedLsn, error?.Error, error?.At, error?.RetryAt);
        }
    }

    /// <summary>Completes at the next change of state; take it before testing a condition, then await it.</summary>
    public Task WhenChanged => Volatile.Read(ref _changed).Task;

    public Decision Check(ReadOnlySpan<char> subject, ReadOnlySpan<char> purpose) => Replica.Check(subject, purpose);

    public ValueTask<Decision> CheckAsync(string subject, string purpose, long consistencyToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(purpose);
        return consistencyToken <= AppliedLsn
            ? new ValueTask<Decision>(Check(subject, purpose))
            : WaitThenCheckAsync(subject, purpose, consistencyToken, cancellationToken);
    }

    public ValueTask WaitUntilFreshAsync(CancellationToken cancellationToken = default) =>
        IsFresh ? ValueTask.CompletedTask : WaitFreshAsync(cancellationToken);

    /// <summary>Installs a newly loaded copy (after a snapshot). Writer only.</summary>
    public void Replace(ReplicaState state)
    {
        Volatile.Write(ref _state, state);
        Signal();
    }

    /// <summary>
    /// Installs a snapshot's table as the copy, at <paramref name="lsn"/> of the history
    /// <paramref name="position"/> names, with a new lease clock: a snapshot may start another history (a
    /// restored registry), whose required LSNs are below the ones the old clock has seen, and the old
    /// clock's would keep the replica unfresh until the new history passed them. The old lease ended with
    /// the stream that carried it, so a new clock loses nothing. The override table carries over (its
    /// counts are cumulative); the snapshot's set replaces its overrides. The schema catalog carries over: the
    /// welcome before the snapshot set it as of the snapshot's LSN. Writer only.
    /// </summary>
    public void Install(ReplicaTable table, long lsn, LedgerPosition position)
    {
        ReplicaState current = Replica;
        current.Lease.Revoke();
        _position = position;
        Replace(new ReplicaState(current.Taxonomy, new LeaseClock(_time, _driftMargin), table, current.Overrides) { AppliedLsn = lsn, Schemas = current.Schemas });
    }

    /// <summary>
    /// Starts over from an empty copy at LSN 0 with a new lease clock, when the registry's history turns
    /// out not to be the one this copy came from (its head is behind ours). The old clock's required LSN
    /// would otherwise keep the replica unfresh until the new history passed it. Writer only.
    /// </summary>
    public void Reset()
    {
        ReplicaState current = Replica;
        current.Lease.Revoke();
        current.Overrides.Clear();
        _position = LedgerPosition.None;
        Replace(new ReplicaState(current.Taxonomy, new LeaseClock(_time, _driftMargin), overrides: current.Overrides));
    }

    /// <summary>Publishes that every change up to <paramref name="lsn"/> is in the table. Writer only.</summary>
    public void MarkApplied(long lsn, LedgerPosition position)
    {
        _position = position;
        MarkApplied(lsn);
    }

    /// <summary>Publishes that every change up to <paramref name="lsn"/> is in the table. Writer only.</summary>
    public void MarkApplied(long lsn)
    {
        Replica.AppliedLsn = lsn;
        Signal();
    }

    public void MarkConnected(bool connected)
    {
        _connected = connected;
        if (connected)
        {
            _lastError = null;
        }

        Signal();
    }

    public void MarkFailed(HeedException error, TimeSpan retryIn)
    {
        DateTimeOffset now = _time.GetUtcNow();
        _lastError = new ErrorRecord(error, now, now + retryIn);
        Signal();
    }

    public void Signal() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private async ValueTask WaitFreshAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // Take the signal before testing, so a grant between the test and the await still wakes us.
            Task changed = WhenChanged;
            if (IsFresh)
            {
                return;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask WaitUntilStaleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // Take the signal before testing, so a change in between still wakes us.
            Task changed = WhenChanged;
            if (!IsFresh)
            {
                return;
            }

            // A lease ends by time passing, which signals nothing: also wake when it is due to end.
            long until = Lease.ValidUntil;
            TimeSpan left = _time.GetElapsedTime(_time.GetTimestamp(), until);
            using var due = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task expiry = Task.Delay(left < TimeSpan.Zero ? TimeSpan.Zero : left + TimeSpan.FromMilliseconds(1), _time, due.Token);
            await Task.WhenAny(changed, expiry).WaitAsync(cancellationToken).ConfigureAwait(false);
            await due.CancelAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<Decision> WaitThenCheckAsync(string subject, string purpose, long token, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        while (true)
        {
            // Take the signal before testing, so an apply between the test and the await still wakes us.
            Task changed = WhenChanged;
            if (AppliedLsn >= token)
            {
                return Check(subject, purpose);
            }

            TimeSpan remaining = _tokenWait - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return new Decision(DecisionReason.Unconfirmed, AppliedLsn);
            }

            try
            {
                await changed.WaitAsync(remaining, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return AppliedLsn >= token ? Check(subject, purpose) : new Decision(DecisionReason.Unconfirmed, AppliedLsn);
            }
        }
    }

    private sealed record ErrorRecord(HeedException Error, DateTimeOffset At, DateTimeOffset RetryAt);
}
