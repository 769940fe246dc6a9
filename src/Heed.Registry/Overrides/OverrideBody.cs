using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Heed.Registry.State;
using Heed.Storage.Ledger;

namespace Heed.Registry.Overrides;

/// <summary>The bodies of override entries (canonical JSON, docs/overrides.md), written and read in one place.</summary>
public static class OverrideBody
{
    /// <summary>How an override's end is written: ISO-8601 UTC in whole milliseconds, as the ledger keeps time.</summary>
    public const string EndFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public static NewEntry Request(string id, OverrideScope scope, long ttlSeconds, string reason, string? requestedBy, DateTimeOffset at) =>
        new(EntryKinds.OverrideRequest, null, null, at, CanonicalJson.Write(
            ("id", JsonValue.Create(id)),
            ("service", scope.Service is null ? null : JsonValue.Create(scope.Service)),
            ("enforcementPoint", scope.EnforcementPoint is null ? null : JsonValue.Create(scope.EnforcementPoint)),
            ("purposes", Strings(scope.Purposes)),
            ("subjects", scope.Subjects.Count == 0 ? null : Strings(scope.Subjects)),
            ("ttlSeconds", JsonValue.Create(ttlSeconds)),
            ("reason", JsonValue.Create(reason)),
            ("reportOnly", JsonValue.Create(scope.ReportOnly)),
            ("requestedBy", requestedBy is null ? null : JsonValue.Create(requestedBy))));

    /// <summary>The approval of <paramref name="request"/>: it names the request's LSN and chain hash, so it covers exactly that request.</summary>
    public static NewEntry Approve(OverrideRecord request, string? approvedBy, DateTimeOffset endsAt, DateTimeOffset at) =>
        new(EntryKinds.OverrideApprove, null, null, at, CanonicalJson.Write(
            ("id", JsonValue.Create(request.Id)),
            ("requestLsn", JsonValue.Create(request.RequestLsn)),
            ("requestHash", JsonValue.Create(Convert.ToHexStringLower(request.RequestHash))),
            ("approvedBy", approvedBy is null ? null : JsonValue.Create(approvedBy)),
            ("endsAt", JsonValue.Create(endsAt.UtcDateTime.ToString(EndFormat, CultureInfo.InvariantCulture)))));

    public static NewEntry Revoke(string id, string? revokedBy, DateTimeOffset at) =>
        new(EntryKinds.OverrideRevoke, null, null, at, CanonicalJson.Write(("id", id), ("revokedBy", revokedBy)));

    /// <summary>The override a committed request entry (or its stored row's body) made.</summary>
    public static OverrideRecord Read(string body, long lsn, byte[] hash, DateTimeOffset at)
    {
        using JsonDocument doc = JsonDocument.Parse(body);
        JsonElement root = doc.RootElement;
        var scope = new OverrideScope(
            Text(root, "service"),
            Text(root, "enforcementPoint"),
            List(root, "purposes"),
            List(root, "subjects"),
            root.TryGetProperty("reportOnly", out JsonElement reportOnly) && reportOnly.ValueKind == JsonValueKind.True);
        return new OverrideRecord(
            Text(root, "id")!,
            scope,
            root.GetProperty("ttlSeconds").GetInt64(),
            Text(root, "reason") ?? string.Empty,
            Text(root, "requestedBy"),
            at,
            lsn,
            hash);
    }

    public static DateTimeOffset ReadEnd(string approveBody) =>
        DateTimeOffset.Parse(CanonicalJson.Field(approveBody, "endsAt")!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static JsonArray Strings(IReadOnlyList<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string[] List(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(e => e.GetString()!)]
            : [];
}
