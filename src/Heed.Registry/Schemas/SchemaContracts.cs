namespace Heed.Registry.Schemas;

/// <summary><c>POST /v1/schemas</c>: a new version of a CloudEvents type. No <c>subjectPointer</c>: the subject is the <c>subject</c> attribute.</summary>
public sealed record SchemaRegisterBody(string? Type, int? Version, string? SubjectPointer, List<string?>? Purposes, string? Dataschema);

/// <summary><c>PUT /v1/schemas/{type}/minimum</c>.</summary>
public sealed record SchemaMinimumBody(int? MinVersion);

/// <summary>A registration or status change, acknowledged like an opt-out.</summary>
public sealed record SchemaWriteResponse(string Type, int Version, string Status, long Lsn, bool Enforced, DateTimeOffset? EnforcedAt);

/// <summary>A minimum set, acknowledged like an opt-out.</summary>
public sealed record SchemaMinimumResponse(string Type, int MinVersion, long Lsn, bool Enforced, DateTimeOffset? EnforcedAt);

/// <summary>One registered version and the entries behind it.</summary>
public sealed record SchemaVersionView(
    int Version,
    string? SubjectPointer,
    List<string> Purposes,
    string? Dataschema,
    string Status,
    long Lsn,
    DateTimeOffset RegisteredAt,
    string? RegisteredBy,
    long? StatusLsn,
    DateTimeOffset? StatusChangedAt,
    string? StatusChangedBy);

/// <summary>A type: its minimum (0: none; <c>minVersionLsn</c> names the entry that set it) and its versions, oldest first.</summary>
public sealed record SchemaTypeView(string Type, int MinVersion, long? MinVersionLsn, List<SchemaVersionView> Versions);

public sealed record SchemasResponse(List<SchemaTypeView> Types);
