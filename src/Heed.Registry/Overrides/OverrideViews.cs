namespace Heed.Registry.Overrides;

/// <summary>What the API shows of an override: its record, its state at the registry's clock, and its decisions.</summary>
public static class OverrideViews
{
    public static OverrideView Of(OverrideRecord o, DateTimeOffset now, OverrideDecisions decisions)
    {
        IReadOnlyDictionary<string, long> byPoint = decisions.Of(o.Id);
        return new OverrideView(
            o.Id,
            o.StateAt(now),
            o.Scope.Service,
            o.Scope.EnforcementPoint,
            o.Scope.Purposes,
            o.Scope.Subjects.Count == 0 ? null : o.Scope.Subjects,
            o.Scope.ReportOnly,
            o.TtlSeconds,
            o.Reason,
            o.RequestedBy,
            o.RequestedAt,
            o.RequestLsn,
            Convert.ToHexStringLower(o.RequestHash),
            o.ApprovedBy,
            o.ApprovedAt,
            o.ApproveLsn,
            o.EndsAt,
            o.RevokedBy,
            o.RevokedAt,
            o.RevokeLsn,
            new OverrideDecisionsView(byPoint.Values.Sum(), byPoint));
    }
}
