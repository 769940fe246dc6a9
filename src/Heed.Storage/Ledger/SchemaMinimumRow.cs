namespace Heed.Storage.Ledger;

/// <summary>A type's minimum accepted version and the <c>schema.minimum</c> entry that set it last.</summary>
public sealed record SchemaMinimumRow(string Type, int MinVersion, long Lsn, DateTimeOffset Set, string? SetBy);
