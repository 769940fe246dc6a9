namespace Heed.Cli.Import;

/// <summary>The arguments of <c>heed import</c>.</summary>
public sealed record ImportRequest(string File, string? Purpose, string? Source, bool DryRun, int Concurrency);
