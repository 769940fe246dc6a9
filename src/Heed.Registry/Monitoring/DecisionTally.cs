using System.Collections.Concurrent;
using Heed.Protocol.V1;
using Heed.Registry.Replication;

namespace Heed.Registry.Monitoring;

/// <summary>
/// What every enforcement point says of its decisions with each lease request (<c>LeaseRequest.decisions</c>,
/// <c>canary_denials</c>, <c>canary_allows</c>): cumulative counts since the replica started, kept per replica id,
/// the latest report winning. Scores and the checks-per-second chart read it. In memory: a registry restart starts
/// it over, and the replicas' next reports (cumulative) fill it again.
/// </summary>
public sealed class DecisionTally
{
    private readonly ConcurrentDictionary<string, TallyRow> _rows = new(StringComparer.Ordinal);

    /// <summary>Raised when a replica's canary allows grew: <c>(row, how many more)</c>. A critical violation.</summary>
    public event Action<TallyRow, long>? CanaryAllowed;

    /// <summary>Raised when a replica's canary denials grew: its proof of life.</summary>
    public event Action<TallyRow>? CanaryDenied;

    /// <summary>Takes one lease request's counts.</summary>
    public void Report(ReplicaInfo info, LeaseRequest request, DateTimeOffset at)
    {
        if (request.Decisions.Count == 0 && request.CanaryDenials == 0 && request.CanaryAllows == 0)
        {
            return;
        }

        var decisions = new Dictionary<string, long>(request.Decisions.Count, StringComparer.Ordinal);
        foreach (DecisionCount count in request.Decisions)
        {
            decisions[count.Reason] = Math.Max(0, count.Count);
        }

        TallyRow? before = _rows.TryGetValue(info.ReplicaId, out TallyRow? old) ? old : null;
        bool denied = request.CanaryDenials > (before?.CanaryDenials ?? 0);
        var row = new TallyRow(
            info.ReplicaId,
            info.Kind,
            info.Service,
            decisions,
            Math.Max(0, request.CanaryDenials),
            Math.Max(0, request.CanaryAllows),
            denied ? at : before?.LastCanaryDenial,
            at);
        _rows[info.ReplicaId] = row;
        if (denied)
        {
            CanaryDenied?.Invoke(row);
        }

        long newAllows = row.CanaryAllows - (before?.CanaryAllows ?? 0);
        if (newAllows > 0)
        {
            CanaryAllowed?.Invoke(row, newAllows);
        }
    }

    /// <summary>The latest counts of every replica that reported any, by replica id.</summary>
    public IReadOnlyList<TallyRow> Rows() => [.. _rows.Values.OrderBy(r => r.ReplicaId, StringComparer.Ordinal)];
}

/// <summary>One replica's latest cumulative counts.</summary>
/// <param name="Decisions">Decisions by reason (wire names).</param>
/// <param name="LastCanaryDenial">When its canary denials last grew, as the registry saw it.</param>
/// <param name="ReportedAt">When it last reported.</param>
public sealed record TallyRow(
    string ReplicaId,
    string Kind,
    string Service,
    IReadOnlyDictionary<string, long> Decisions,
    long CanaryDenials,
    long CanaryAllows,
    DateTimeOffset? LastCanaryDenial,
    DateTimeOffset ReportedAt);
