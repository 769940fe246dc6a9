using System.Collections.Frozen;
using Heed.Protocol.V1;
using CoreOverride = Heed.Core.Overrides.Override;

namespace Heed.Client.Replication;

/// <summary>The override parts of replication messages (docs/replication.md, "Overrides") in Core's terms.</summary>
internal static class OverrideMessages
{
    private static readonly FrozenDictionary<string, TimeSpan> NoTimes = FrozenDictionary<string, TimeSpan>.Empty;

    /// <summary>The overrides of a set; none for a missing set (a snapshot from a registry without overrides).</summary>
    public static CoreOverride[] ToCore(OverrideSet? set) =>
        set is null
            ? []
            : set.Overrides.Select(o => new CoreOverride(o.Id, o.Service, o.EnforcementPoint, [.. o.Purposes], [.. o.SubjectKeys], o.ReportOnly)).ToArray();

    /// <summary>Each override's time left, as a grant gives it.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> Times(LeaseGrant grant) =>
        grant.OverrideTimes.Count == 0
            ? NoTimes
            : grant.OverrideTimes
                .GroupBy(t => t.Id, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => TimeSpan.FromMilliseconds(g.Min(t => t.RemainingMs)), StringComparer.Ordinal);
}
