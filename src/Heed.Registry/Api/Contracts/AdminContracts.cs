using System.Text.Json.Serialization;
using Heed.Core.Purposes;

namespace Heed.Registry.Api.Contracts;

/// <summary>One node of the taxonomy: its bit (-1 for essential nodes) and, once deprecated, its successor if any.</summary>
public sealed record PurposeView(string Name, string? Parent, bool Essential, List<string> Children, int Bit, bool Deprecated, string? Successor)
{
    public static PurposeView Of(Purpose p) =>
        new(p.Name, p.Parent?.Name, p.IsEssential, [.. p.Children.Select(c => c.Name)], p.Bit, p.IsDeprecated, p.Successor?.Name);
}

public sealed record PurposesResponse(List<PurposeView> Purposes);

public sealed record KeyCreateRequest(string? Role, string? Name);

public sealed record KeyCreatedResponse(string Id, string Role, string Name, string Key);

public sealed record KeyView(string Id, string Role, string Name, DateTimeOffset Created, DateTimeOffset? Revoked);

public sealed record KeysResponse(List<KeyView> Keys);

/// <summary><c>/healthz</c> and <c>/readyz</c>; the head LSN only for a caller with a key.</summary>
public sealed record HealthResponse(string Status, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Lsn = null);
