namespace Heed.Testing.Processes;

/// <summary>Runs a short-lived command to completion (initdb, pg_ctl, rabbitmqctl) and collects its output.</summary>
public static class Command
{
    private static readonly TimeSpan OutputDrain = TimeSpan.FromSeconds(5);

    public static async Task<CommandResult> RunAsync(
        ChildProcessOptions options,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var commandLine = string.Join(' ', [options.FileName, .. options.Arguments]);
        await using var process = ChildProcess.Start(options);
        int exitCode;
        try
        {
            exitCode = await process.WaitForExitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"`{commandLine}` did not finish within {timeout.TotalSeconds:0.###} s; killed it. Output:\n{process.Tail(50)}");
        }

        try
        {
            await process.WaitForOutputClosedAsync(OutputDrain, cancellationToken);
        }
        catch (TimeoutException)
        {
            // A daemon it started inherited the pipes; what it printed itself has arrived by now.
        }

        return new CommandResult(commandLine, exitCode, process.Lines);
    }

    public static Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken = default) =>
        RunAsync(new ChildProcessOptions(fileName) { Arguments = [.. arguments] }, timeout, cancellationToken);
}
