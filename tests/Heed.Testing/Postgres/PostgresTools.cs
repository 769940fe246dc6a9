using Heed.Testing.Processes;

namespace Heed.Testing.Postgres;

/// <summary>
/// Runs PostgreSQL's server tools, which refuse to run as root: as root we go through
/// `runuser -u postgres --` from /tmp (runuser complains about a cwd postgres cannot read).
/// </summary>
internal sealed class PostgresTools(PostgresServerOptions options)
{
    private const string ServiceUser = "postgres";

    public Task<CommandResult> RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(options.BinDirectory, tool);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} not found; PostgreSQL 15 server binaries are needed (postgresql-15).");
        }

        var command = UnixProcess.IsRoot
            ? new ChildProcessOptions("runuser") { Arguments = ["-u", ServiceUser, "--", path, .. arguments] }
            : new ChildProcessOptions(path) { Arguments = [.. arguments] };
        return Command.RunAsync(command with { WorkingDirectory = "/tmp", Name = tool }, options.CommandTimeout, cancellationToken);
    }

    /// <summary>Hands <paramref name="directory"/> to the postgres user, who must own its data directory.</summary>
    public static async Task ChownAsync(string directory, CancellationToken cancellationToken)
    {
        if (!UnixProcess.IsRoot)
        {
            return;
        }

        (await Command.RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", directory], TimeSpan.FromSeconds(30), cancellationToken))
            .EnsureSuccess();
    }
}
