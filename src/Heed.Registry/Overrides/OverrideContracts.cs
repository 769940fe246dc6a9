using System.Text.Json;

namespace Heed.Registry.Overrides;

/// <summary><c>POST /v1/overrides</c>. <c>ttl</c> is seconds (a number) or a duration such as <c>"30m"</c>, <c>"4h"</c>, <c>"1h30m"</c>.</summary>
public sealed record OverrideRequestBody(
    string? Service,
    string? EnforcementPoint,
    List<string?>? Purposes,
    List<string?>? Subjects,
    JsonElement? Ttl,
    string? Reason,
    bool? ReportOnly);

/// <summary>The answer to a request, an approval or a revocation; <c>enforced</c> as for an opt-out write.</summary>
public sealed record OverrideWriteResponse(string Id, string State, long Lsn, DateTimeOffset? EndsAt, bool Enforced, DateTimeOffset? EnforcedAt);

/// <summary>How many decisions the override turned into an allow, in total and per enforcement point.</summary>
public sealed record OverrideDecisionsView(long Total, IReadOnlyDictionary<string, long> ByEnforcementPoint);

/// <summary>What a reviewer sees of one override (<c>GET /v1/overrides/{id}</c>).</summary>
public sealed record OverrideView(
    string Id,
    string State,
    string? Service,
    string? EnforcementPoint,
    IReadOnlyList<string> Purposes,
    IReadOnlyList<string>? Subjects,
    bool ReportOnly,
    long TtlSeconds,
    string Reason,
    string? RequestedBy,
    DateTimeOffset RequestedAt,
    long RequestLsn,
    string RequestHash,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    long? ApproveLsn,
    DateTimeOffset? EndsAt,
    string? RevokedBy,
    DateTimeOffset? RevokedAt,
    long? RevokeLsn,
    OverrideDecisionsView Decisions);

public sealed record OverridesResponse(List<OverrideView> Overrides);
