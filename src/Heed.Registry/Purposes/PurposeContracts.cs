namespace Heed.Registry.Purposes;

/// <summary><c>POST /v1/purposes</c>: the dotted name of the purpose to add.</summary>
public sealed record PurposeAddBody(string? Name);

/// <summary><c>PATCH /v1/purposes/{name}</c>: only <c>deprecated: true</c>, with an optional successor; a deprecation is for good.</summary>
public sealed record PurposeDeprecateBody(bool? Deprecated, string? Successor);

/// <summary>The purpose as the write left it and the write's acknowledgement, like an opt-out's.</summary>
public sealed record PurposeWriteResponse(string Name, int Bit, bool Deprecated, string? Successor, long Lsn, bool Enforced, DateTimeOffset? EnforcedAt);
