using System.Diagnostics;

namespace Heed.Core.Leases;

/// <summary>
/// A replica's proof of freshness (docs/replication.md, "Leases"). A grant answering a request sent at monotonic time q
/// holds until q + L·(1 − drift margin), and only while the replica has applied the LSN the grant
/// requires. The registry counts the same lease from when it received the request, which is later,
/// so the replica always gives up first. Checking it is one clock read and two compares.
/// </summary>
public sealed class LeaseClock
{
    private readonly TimeProvider _time;
    private readonly bool _system;
    private readonly bool _alwaysValid;
    private long _validUntil;
    private long _requiredLsn;

    /// <summary>A lease that is not yet granted.</summary>
    /// <param name="time">Monotonic time source (tests pass a fake clock).</param>
    /// <param name="driftMargin">The share of each lease given up early for clock-rate drift, in [0, 1).</param>
    public LeaseClock(TimeProvider time, double driftMargin = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(driftMargin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(driftMargin, 1.0);
        _time = time;
        _system = ReferenceEquals(time, TimeProvider.System);
        DriftMargin = driftMargin;
        _validUntil = long.MinValue;
    }

    private LeaseClock()
    {
        _time = TimeProvider.System;
        _alwaysValid = true;
    }

    /// <summary>The registry's own state is the source of truth and needs no lease.</summary>
    public static LeaseClock SourceOfTruth { get; } = new();

    /// <summary>The share of each lease given up early for clock-rate drift.</summary>
    public double DriftMargin { get; }

    /// <summary>
    /// For a source of truth that can lose that standing (a registry that no longer holds the lock on its
    /// data directory, so another may be writing its store): valid until <see cref="Revoke"/>, then never again.
    /// </summary>
    public static LeaseClock UntilRevoked() => new(TimeProvider.System, driftMargin: 0) { _validUntil = long.MaxValue };

    /// <summary>The time source the lease is measured with.</summary>
    public TimeProvider Time => _time;

    /// <summary>The LSN a replica must have applied for the current grant to hold.</summary>
    public long RequiredLsn => Volatile.Read(ref _requiredLsn);

    /// <summary>Monotonic timestamp (of <see cref="Time"/>) until which the grant holds.</summary>
    public long ValidUntil => Volatile.Read(ref _validUntil);

    /// <summary>Applies a grant for a request sent at <paramref name="requestedAt"/> (a timestamp of
    /// <see cref="Time"/>). Grants never shorten a lease already held, and the required LSN never falls.</summary>
    public void Grant(long requestedAt, TimeSpan lease, long requiredLsn)
    {
        long until = HoldUntil(requestedAt, lease);
        long current;
        while ((current = Volatile.Read(ref _requiredLsn)) < requiredLsn)
        {
            if (Interlocked.CompareExchange(ref _requiredLsn, requiredLsn, current) == current)
            {
                break;
            }
        }

        while ((current = Volatile.Read(ref _validUntil)) < until)
        {
            if (Interlocked.CompareExchange(ref _validUntil, until, current) == current)
            {
                break;
            }
        }
    }

    /// <summary>The monotonic timestamp until which something granted for <paramref name="granted"/> in answer to
    /// a request sent at <paramref name="requestedAt"/> holds: requestedAt + granted·(1 − drift margin). The one rule
    /// for the lease and for whatever else a grant times, such as an override's end.</summary>
    public long HoldUntil(long requestedAt, TimeSpan granted) =>
        requestedAt + (long)(granted.TotalSeconds * (1 - DriftMargin) * _time.TimestampFrequency);

    /// <summary>True while the monotonic clock is before <paramref name="until"/> (a <see cref="HoldUntil"/> result).</summary>
    public bool IsBefore(long until) => Now() < until;

    /// <summary>Ends the lease now, e.g. when the stream to the registry breaks and the replica
    /// knows it will miss changes. Waiting for expiry would also be safe; this is sooner.</summary>
    public void Revoke() => Volatile.Write(ref _validUntil, long.MinValue);

    /// <summary>True while the grant holds for a replica that has applied <paramref name="appliedLsn"/>.</summary>
    public bool IsValid(long appliedLsn) =>
        _alwaysValid || (Now() < Volatile.Read(ref _validUntil) && appliedLsn >= Volatile.Read(ref _requiredLsn));

    // The system provider's timestamp is Stopwatch's; calling it directly saves a virtual call per check.
    private long Now() => _system ? Stopwatch.GetTimestamp() : _time.GetTimestamp();
}
