namespace Heed.Cli.Tests.Infrastructure;

/// <summary>How a <c>heed</c> child process ended. <see cref="ToString"/> is everything, for assertion messages.</summary>
public sealed record HeedResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
