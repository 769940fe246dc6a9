using Heed.Core.Subjects;
using Heed.Protocol.V1;
using Heed.Registry.Overrides;
using Heed.Storage.Ledger;

namespace Heed.Registry.Replication;

/// <summary>
/// Overrides on the replication stream (docs/overrides.md): the complete set replicas hold, and the time
/// each active one has left, which every lease grant carries so a replica ends it by its own clock.
/// </summary>
public static class OverrideMessages
{
    /// <summary>Every approved, unrevoked override that has not ended at <paramref name="now"/>, with its subjects as the table's keys.</summary>
    public static OverrideSet Set(OverrideBook book, DateTimeOffset now)
    {
        var set = new OverrideSet();
        foreach (OverrideRecord o in book.ActiveAt(now))
        {
            var message = new Override
            {
                Id = o.Id,
                Service = o.Scope.Service ?? string.Empty,
                EnforcementPoint = o.Scope.EnforcementPoint ?? string.Empty,
                ReportOnly = o.Scope.ReportOnly,
            };
            message.Purposes.AddRange(o.Scope.Purposes);
            message.SubjectKeys.AddRange(o.Scope.Subjects.Select(s => SubjectHash.Of(s)));
            set.Overrides.Add(message);
        }

        return set;
    }

    /// <summary>Adds to <paramref name="grant"/> the time every active override has left at <paramref name="receivedAt"/>,
    /// when the registry received the lease request; an override left out is no longer honored.</summary>
    public static void AddTimes(LeaseGrant grant, OverrideBook book, DateTimeOffset receivedAt)
    {
        foreach (OverrideRecord o in book.ActiveAt(receivedAt))
        {
            // Rounded down: a replica may end an override early, never late.
            long remaining = (long)Math.Floor((o.EndsAt!.Value - receivedAt).TotalMilliseconds);
            grant.OverrideTimes.Add(new OverrideTime { Id = o.Id, RemainingMs = remaining });
        }
    }

    /// <summary>Whether a commit changes the set: it approved or revoked an override (expiry is no entry: replicas end those themselves).</summary>
    public static bool ChangesSet(IReadOnlyList<LedgerEntry> entries) =>
        entries.Any(e => e.Kind is EntryKinds.OverrideApprove or EntryKinds.OverrideRevoke);
}
