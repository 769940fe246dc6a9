namespace Heed.Testing.Processes;

/// <summary>What to start. Environment entries with a null value are removed from the inherited environment.</summary>
public sealed record ChildProcessOptions(string FileName)
{
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public string? WorkingDirectory { get; init; }

    /// <summary>Used in error messages; defaults to the file name.</summary>
    public string? Name { get; init; }

    /// <summary>Called for every line as it arrives (e.g. to forward to the test's output); must not block.</summary>
    public Action<OutputLine>? OnLine { get; init; }
}
