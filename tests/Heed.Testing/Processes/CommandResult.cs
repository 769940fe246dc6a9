namespace Heed.Testing.Processes;

/// <summary>How a command that ran to completion ended, with everything it printed.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, IReadOnlyList<OutputLine> Lines)
{
    public string Output => string.Join('\n', Lines.Select(l => l.Text));

    /// <summary>Throws, with the command's output, unless it exited with 0.</summary>
    public CommandResult EnsureSuccess() =>
        ExitCode == 0
            ? this
            : throw new InvalidOperationException($"`{CommandLine}` exited with {ExitCode}:\n{Output}");
}
