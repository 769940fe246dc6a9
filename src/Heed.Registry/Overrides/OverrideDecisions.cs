using System.Collections.Concurrent;
using Heed.Protocol.V1;

namespace Heed.Registry.Overrides;

/// <summary>
/// How many decisions each override turned into an allow, per enforcement point, as the replicas report
/// them with their lease requests (cumulative since each replica started, so the latest report stands).
/// Kept in memory: a registry restart starts the counts again from what replicas report next.
/// </summary>
public sealed class OverrideDecisions(OverrideBook book)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, long>> _counts = new(StringComparer.Ordinal);

    /// <summary>Takes in one lease request's counts from <paramref name="replicaId"/>; ids of no override here are ignored.</summary>
    public void Report(string replicaId, IEnumerable<OverrideCount> counts)
    {
        foreach (OverrideCount count in counts)
        {
            if (count.Allowed < 0 || book.Find(count.Id) is null)
            {
                continue;
            }

            ConcurrentDictionary<string, long> byReplica = _counts.GetOrAdd(count.Id, static _ => new(StringComparer.Ordinal));

            // Cumulative counts only grow; a report overtaken by a later one must not lower them.
            byReplica.AddOrUpdate(replicaId, count.Allowed, (_, previous) => Math.Max(previous, count.Allowed));
        }
    }

    /// <summary>Every count: override id, enforcement point (replica id) and decisions, for the registry's metrics.</summary>
    public IEnumerable<(string OverrideId, string EnforcementPoint, long Allowed)> All()
    {
        foreach ((string id, ConcurrentDictionary<string, long> byReplica) in _counts)
        {
            foreach ((string replica, long allowed) in byReplica)
            {
                yield return (id, replica, allowed);
            }
        }
    }

    /// <summary>Decisions of <paramref name="overrideId"/> by enforcement point (replica id).</summary>
    public IReadOnlyDictionary<string, long> Of(string overrideId) =>
        _counts.TryGetValue(overrideId, out ConcurrentDictionary<string, long>? byReplica)
            ? new SortedDictionary<string, long>(byReplica, StringComparer.Ordinal)
            : new SortedDictionary<string, long>(StringComparer.Ordinal);
}
