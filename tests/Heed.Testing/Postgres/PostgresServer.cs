using System.Globalization;
using Heed.Testing.Network;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.Testing.Postgres;

/// <summary>
/// A private PostgreSQL cluster in a temp directory, listening on 127.0.0.1 on a free port with trust
/// authentication for the user postgres. Dispose stops it and deletes the directory.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _root;
    private readonly PostgresTools _tools;
    private bool _disposed;

    private PostgresServer(TempDirectory root, int port, PostgresServerOptions options)
    {
        _root = root;
        Port = port;
        _tools = new PostgresTools(options);
    }

    public int Port { get; }

    public string DataDirectory => _root.Combine("data");

    /// <summary>The Unix socket lives here too, not in /var/run/postgresql, so clusters never collide.</summary>
    public string SocketDirectory => _root.FullPath;

    public string LogFile => _root.Combine("postgres.log");

    /// <summary>The postmaster's PID while it runs.</summary>
    public int? Pid { get; private set; }

    public bool IsRunning => Pid is { } pid && UnixProcess.IsRunning(pid);

    /// <summary>Npgsql connection string for the database postgres.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// <summary>initdb, then start; about 1–2 s.</summary>
    public static async Task<PostgresServer> StartAsync(
        PostgresServerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new PostgresServerOptions();
        var server = new PostgresServer(TempDirectory.Create("heed-pg-"), FreePort.Next(), options);
        try
        {
            await server.InitializeAsync(options, cancellationToken);
            await server.StartAgainAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the cluster again after <see cref="StopAsync"/>: same port, same data.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        var result = await _tools.RunAsync(
            "pg_ctl",
            ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start"],
            cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{result.CommandLine} failed:\n{result.Output}\n{LogTail()}");
        }

        // postmaster.pid's first line is the postmaster's PID; pg_ctl -w only returns once it is written.
        var pidLine = (await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid"), cancellationToken))[0];
        Pid = int.Parse(pidLine, CultureInfo.InvariantCulture);
    }

    /// <summary>Fast shutdown (disconnects clients, then a clean checkpoint).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Pid is not { } pid)
        {
            return;
        }

        var result = await _tools.RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken);
        if (result.ExitCode != 0 && UnixProcess.IsRunning(pid))
        {
            UnixProcess.Signal(pid, UnixSignal.Kill);
            await UnixProcess.WaitForExitAsync(pid, KillWait, cancellationToken);
        }

        Pid = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await StopAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            // Teardown must not mask the test's outcome; the kill below still ends our postmaster.
            if (Pid is { } pid)
            {
                UnixProcess.Signal(pid, UnixSignal.Kill);
            }
        }

        _root.Dispose();
    }

    private async Task InitializeAsync(PostgresServerOptions options, CancellationToken cancellationToken)
    {
        await PostgresTools.ChownAsync(_root.FullPath, cancellationToken);
        (await _tools.RunAsync(
            "initdb",
            ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
            cancellationToken)).EnsureSuccess();

        // Written into postgresql.conf rather than passed to pg_ctl -o, so a restart keeps them.
        var settings = new Dictionary<string, string>
        {
            ["listen_addresses"] = "127.0.0.1",
            ["port"] = Port.ToString(CultureInfo.InvariantCulture),
            ["unix_socket_directories"] = SocketDirectory,
            ["fsync"] = options.Fsync ? "on" : "off",
        };
        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        await File.AppendAllLinesAsync(
            Path.Combine(DataDirectory, "postgresql.conf"),
            settings.Select(s => $"{s.Key} = '{s.Value.Replace("'", "''", StringComparison.Ordinal)}'"),
            cancellationToken);
    }

    private string LogTail() =>
        File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(30)) : "(no server log)";
}
