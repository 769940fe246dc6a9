namespace Heed.Cli.Export;

/// <summary>Output formats of <c>heed export</c>.</summary>
public static class ExportFormat
{
    /// <summary><c>subject,purpose,since,lsn,source</c>; importable again with <c>heed import</c>.</summary>
    public const string Csv = "csv";

    /// <summary>The registry's NDJSON, passed through unchanged.</summary>
    public const string JsonLines = "jsonl";
}
