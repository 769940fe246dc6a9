using System.Text.Json.Serialization;

namespace Heed.Registry.Api.Contracts;

public sealed record PurposeView(string Name, string? Parent, bool Essential, List<string> Children);

public sealed record PurposesResponse(List<PurposeView> Purposes);

public sealed record KeyCreateRequest(string? Role, string? Name);

public sealed record KeyCreatedResponse(string Id, string Role, string Name, string Key);

public sealed record KeyView(string Id, string Role, string Name, DateTimeOffset Created, DateTimeOffset? Revoked);

public sealed record KeysResponse(List<KeyView> Keys);

/// <summary><c>/healthz</c> and <c>/readyz</c>; the head LSN only for a caller with a key.</summary>
public sealed record HealthResponse(string Status, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Lsn = null);
