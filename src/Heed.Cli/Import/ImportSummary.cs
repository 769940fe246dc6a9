namespace Heed.Cli.Import;

/// <summary>The machine-readable outcome of <c>heed import --json</c>.</summary>
public sealed record ImportSummary(
    string File,
    string Flavour,
    bool DryRun,
    int ValidRows,
    long RowsWritten,
    int Chunks,
    long Lsn,
    bool Enforced,
    double ElapsedSeconds,
    double RowsPerSecond);
