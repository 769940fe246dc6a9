namespace Heed.Cli.Import;

/// <summary>The machine-readable outcome of <c>heed import --json</c>. Of <see cref="RowsWritten"/>,
/// <see cref="RowsChanged"/> changed an opt-out and <see cref="RowsUnchanged"/> were already opted out.</summary>
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
    double RowsPerSecond,
    long RowsChanged,
    long RowsUnchanged);
