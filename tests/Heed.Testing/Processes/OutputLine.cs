namespace Heed.Testing.Processes;

/// <summary>One line a child process printed, and when (since it started).</summary>
public sealed record OutputLine(OutputStream Stream, string Text, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"[{Elapsed.TotalSeconds,8:0.000}] {(Stream == OutputStream.StandardError ? "err" : "out")} {Text}";
}
