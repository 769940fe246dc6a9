namespace Heed.Testing.Processes;

/// <summary>A child process exited while a test was still waiting for it to do something.</summary>
public sealed class ChildProcessExitedException : Exception
{
    public ChildProcessExitedException(string message, int? exitCode)
        : base(message) => ExitCode = exitCode;

    public int? ExitCode { get; }
}
