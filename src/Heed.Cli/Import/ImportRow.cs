namespace Heed.Cli.Import;

/// <summary>A validated row: a canonical subject and a purpose that exists and can be opted out of.</summary>
public readonly record struct ImportRow(string Subject, string Purpose);
