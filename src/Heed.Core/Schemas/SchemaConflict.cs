namespace Heed.Core.Schemas;

/// <summary>Why a schema version change cannot be made, in words that name what is wrong.</summary>
public sealed record SchemaConflict(SchemaConflictKind Kind, string Detail);
