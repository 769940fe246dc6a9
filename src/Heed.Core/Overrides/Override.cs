namespace Heed.Core.Overrides;

/// <summary>
/// An approved, unrevoked override as a replica receives it (docs/overrides.md): where it applies, which
/// purposes and subjects it covers. When it ends is not part of it: lease grants time it
/// (<see cref="OverrideTable.Honor"/>), so it ends on the replica's own clock.
/// </summary>
/// <param name="Id">The registry's id, <c>ovr_</c> and 16 hex digits.</param>
/// <param name="Service">The service whose enforcement points honor it, or empty.</param>
/// <param name="EnforcementPoint">The one replica id that honors it, or empty.</param>
/// <param name="Purposes">Taxonomy node names; each covers itself and every purpose below it.</param>
/// <param name="SubjectKeys">Subject hash keys (<see cref="Subjects.SubjectHash"/>) it covers; empty: every subject.</param>
/// <param name="ReportOnly">"Report only" onboarding of a service: allows like any override, and says so.</param>
public sealed record Override(
    string Id,
    string Service,
    string EnforcementPoint,
    IReadOnlyList<string> Purposes,
    IReadOnlyList<ulong> SubjectKeys,
    bool ReportOnly = false)
{
    /// <summary>Whether the scope names a replica of <paramref name="service"/> with id <paramref name="replicaId"/>.</summary>
    public bool Names(string service, string replicaId) =>
        (Service.Length > 0 && string.Equals(Service, service, StringComparison.Ordinal))
        || (EnforcementPoint.Length > 0 && string.Equals(EnforcementPoint, replicaId, StringComparison.Ordinal));
}
