using System.Collections.Concurrent;
using Heed.Core.Leases;
using Heed.Core.Purposes;

namespace Heed.Core.Overrides;

/// <summary>
/// The overrides a replica honors (docs/overrides.md). The registry sends the complete set whenever it
/// changes (<see cref="Replace"/>) and times each override with every lease grant (<see cref="Honor"/>); a
/// check turns an opt-out into an allow only through an override that covers it and whose time, measured
/// like the lease on the replica's own monotonic clock, has not run out. The replication reader is the only
/// writer; checks read one array and, with no overrides, nothing else.
/// </summary>
public sealed class OverrideTable
{
    private readonly ConcurrentDictionary<string, OverrideCounter> _counters = new(StringComparer.Ordinal);
    private ActiveOverride[] _active = [];

    /// <summary>How many overrides this replica holds (honored or not yet timed).</summary>
    public int Count => Volatile.Read(ref _active).Length;

    /// <summary>The ids of the overrides this replica holds, in the registry's order.</summary>
    public IReadOnlyList<string> Ids => Array.ConvertAll(Volatile.Read(ref _active), o => o.Id);

    /// <summary>
    /// Replaces the set with those of <paramref name="set"/> whose scope names <paramref name="service"/> or
    /// <paramref name="replicaId"/>. An override kept from the old set keeps its time; a new one is honored
    /// only once a grant times it; one no longer in the set ends now. Purposes unknown to
    /// <paramref name="taxonomy"/> cover nothing.
    /// </summary>
    public void Replace(IEnumerable<Override> set, string service, string replicaId, PurposeTaxonomy taxonomy)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(taxonomy);
        ActiveOverride[] old = Volatile.Read(ref _active);
        var next = new List<ActiveOverride>();
        foreach (Override o in set)
        {
            if (!o.Names(service, replicaId))
            {
                continue;
            }

            PurposeBits bits = PurposeBits.Empty;
            foreach (string name in o.Purposes)
            {
                if (taxonomy.TryGet(name, out Purpose purpose) && purpose.Bit >= 0)
                {
                    bits |= PurposeBits.Of(purpose.Bit);
                }
            }

            ulong[] keys = [.. o.SubjectKeys];
            Array.Sort(keys);
            OverrideCounter counter = _counters.GetOrAdd(o.Id, static _ => new OverrideCounter());
            var active = new ActiveOverride(o.Id, bits, keys, counter);
            if (Array.Find(old, a => a.Id == o.Id) is { } kept)
            {
                active.HonoredUntil = kept.HonoredUntil;
            }

            next.Add(active);
        }

        Volatile.Write(ref _active, [.. next]);
    }

    /// <summary>Drops every override (their counts stay), as when the replica starts over on another history.</summary>
    public void Clear() => Volatile.Write(ref _active, []);

    /// <summary>
    /// Applies a lease grant's times: each override named in <paramref name="remaining"/> is honored until
    /// <paramref name="requestedAt"/> + remaining·(1 − drift margin), by <paramref name="lease"/>'s rule
    /// (<see cref="LeaseClock.HoldUntil"/>); every override the grant does not name is honored no longer.
    /// </summary>
    /// <param name="lease">The lease the grant also renews; its clock and drift margin time the overrides.</param>
    /// <param name="requestedAt">The monotonic send time of the lease request the grant answers.</param>
    /// <param name="remaining">Each override's time left, as the registry saw it on receiving the request.</param>
    public void Honor(LeaseClock lease, long requestedAt, IReadOnlyDictionary<string, TimeSpan> remaining)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(remaining);
        foreach (ActiveOverride o in Volatile.Read(ref _active))
        {
            o.HonoredUntil = remaining.TryGetValue(o.Id, out TimeSpan left) && left > TimeSpan.Zero
                ? lease.HoldUntil(requestedAt, left)
                : long.MinValue;
        }
    }

    /// <summary>Every override's cumulative count of allows on this replica, including ones no longer held.</summary>
    public IReadOnlyList<OverrideCount> Counts() =>
        _counters.Select(c => new OverrideCount(c.Key, c.Value.Value)).ToArray();

    /// <summary>The override that turns an opt-out of <paramref name="purpose"/> for subject <paramref name="key"/>
    /// into an allow right now, counted; null if none. Allocates nothing.</summary>
    internal string? TryAllow(ulong key, Purpose purpose, LeaseClock lease)
    {
        ActiveOverride[] active = Volatile.Read(ref _active);
        foreach (ActiveOverride o in active)
        {
            if (o.Covers(key, purpose) && lease.IsBefore(o.HonoredUntil))
            {
                o.Counter.Increment();
                return o.Id;
            }
        }

        return null;
    }
}
