using System.Text.Json.Serialization;

namespace Heed.Registry.Api.Contracts;

/// <summary>
/// One line of <c>GET /v1/optouts/export</c> (NDJSON): a current opt-out. <see cref="Source"/> is written
/// even when null, so every line has the same five fields.
/// </summary>
public sealed record OptOutExportLine(
    string Subject,
    string Purpose,
    DateTimeOffset Since,
    long Lsn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Source);
