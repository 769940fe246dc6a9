using System.Globalization;
using System.Net.Sockets;
using Heed.Testing.Network;
using Heed.Testing.Polling;
using Heed.Testing.Processes;
using Heed.Testing.Temp;
using RabbitMQ.Client;

namespace Heed.Testing.RabbitMq;

/// <summary>
/// A private RabbitMQ node on 127.0.0.1 with its own node name, ports, epmd and data directory. It can be
/// stopped and started again on the same port and data (broker-restart tests) or killed (crash tests).
/// Dispose stops the node and the epmd it started, by PID, and deletes the directory.
/// </summary>
public sealed class RabbitMqBroker : IAsyncDisposable
{
    public const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    public const string ControlScript = "/usr/lib/rabbitmq/bin/rabbitmqctl";

    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _root;
    private readonly RabbitMqNodeLayout _layout;
    private readonly RabbitMqBrokerOptions _options;
    private ChildProcess? _epmd;
    private ChildProcess? _server;
    private bool _disposed;

    private RabbitMqBroker(TempDirectory root, IReadOnlyList<int> ports, RabbitMqBrokerOptions options)
    {
        _root = root;
        _options = options;
        AmqpPort = ports[0];
        DistPort = ports[1];
        EpmdPort = ports[2];
        NodeName = $"heed{Guid.NewGuid():N}"[..12] + "@localhost";
        _layout = new RabbitMqNodeLayout(root, NodeName, AmqpPort, DistPort, EpmdPort);
    }

    public string NodeName { get; }

    public int AmqpPort { get; }

    public int DistPort { get; }

    public int EpmdPort { get; }

    /// <summary>guest/guest, which RabbitMQ allows over loopback only, which is all we use.</summary>
    public Uri AmqpUri => new($"amqp://guest:guest@127.0.0.1:{AmqpPort}/");

    /// <summary>The Erlang VM's PID while the node runs.</summary>
    public int? NodePid { get; private set; }

    public bool IsRunning => _server is { HasExited: false };

    /// <summary>The epmd this broker started (it outlives node restarts and ends with the broker).</summary>
    public int? EpmdPid => _epmd?.Pid;

    public string DataDirectory => _root.FullPath;

    public static async Task<RabbitMqBroker> StartAsync(
        RabbitMqBrokerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (!File.Exists(ServerScript))
        {
            throw new InvalidOperationException(
                $"{ServerScript} not found: install rabbitmq-server (apt-get install -y rabbitmq-server; scripts/test.sh does).");
        }

        var broker = new RabbitMqBroker(TempDirectory.Create("heed-rabbit-"), FreePort.Next(3), options ?? new());
        try
        {
            broker._layout.WriteFiles();
            await broker.StartEpmdAsync(cancellationToken);
            await broker.StartAgainAsync(cancellationToken);
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the node after <see cref="StopAsync"/> or <see cref="KillAsync"/>: same ports, same data.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{NodeName} is already running.");
        }

        // A PID file left by a killed node would make `rabbitmqctl wait` watch a dead process.
        File.Delete(_layout.PidFile);
        _server = ChildProcess.Start(new ChildProcessOptions(ServerScript)
        {
            Environment = _layout.Environment,
            WorkingDirectory = _root.FullPath,
            Name = $"rabbitmq-server {NodeName}",
            OnLine = _options.OnLine,
        });

        var seconds = ((int)_options.StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var ready = ControlAsync(["wait", "--timeout", seconds, _layout.PidFile], _options.StartTimeout + ExitWait, cancellationToken);
        var exited = _server.WaitForExitAsync(Timeout.InfiniteTimeSpan, cancellationToken);
        if (await Task.WhenAny(ready, exited) == exited)
        {
            throw new InvalidOperationException(
                $"{_server} exited with code {_server.ExitCode} while starting:\n{_server.Tail(30)}\n{_layout.LogTail()}");
        }

        var result = await ready;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{NodeName} did not become ready:\n{result.Output}\n{_layout.LogTail()}");
        }

        NodePid = int.Parse((await File.ReadAllTextAsync(_layout.PidFile, cancellationToken)).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Graceful stop (`rabbitmqctl stop`); durable queues and persistent messages survive it.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_server is null)
        {
            return;
        }

        if (!_server.HasExited)
        {
            try
            {
                await ControlAsync(["stop", _layout.PidFile], _options.StopTimeout, cancellationToken);
                await _server.WaitForExitAsync(ExitWait, cancellationToken);
            }
            catch (TimeoutException)
            {
                await KillNodeAsync(cancellationToken);
            }
        }

        await ForgetServerAsync();
    }

    /// <summary>SIGKILL to the Erlang VM: the broker crashes without closing connections.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        if (_server is null)
        {
            return;
        }

        await KillNodeAsync(cancellationToken);
        await ForgetServerAsync();
    }

    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken);
        await StartAgainAsync(cancellationToken);
    }

    /// <summary>A factory for this broker; automatic recovery is off so tests see every disconnect.</summary>
    public ConnectionFactory CreateConnectionFactory(string clientName = "heed-test") =>
        new() { Uri = AmqpUri, ClientProvidedName = clientName, AutomaticRecoveryEnabled = false };

    public Task<IConnection> ConnectAsync(string clientName = "heed-test", CancellationToken cancellationToken = default) =>
        CreateConnectionFactory(clientName).CreateConnectionAsync(cancellationToken);

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
            // Teardown must not mask the test's outcome; make sure our VM is gone all the same.
            await KillNodeAsync(CancellationToken.None);
            await ForgetServerAsync();
        }

        if (_epmd is not null)
        {
            await _epmd.DisposeAsync();
        }

        _root.Dispose();
    }

    public override string ToString() => $"{NodeName} amqp://127.0.0.1:{AmqpPort}";

    // Erlang would start a shared `epmd -daemon` that outlives the node and that we could not tell from
    // another test's. Ours runs in the foreground as our child, on its own port, so we stop it by PID.
    private async Task StartEpmdAsync(CancellationToken cancellationToken)
    {
        var port = EpmdPort.ToString(CultureInfo.InvariantCulture);
        _epmd = ChildProcess.Start(new ChildProcessOptions(FindEpmd())
        {
            Arguments = ["-port", port, "-address", "127.0.0.1"],
            Name = $"epmd :{port}",
        });
        await Poll.UntilAsync(
            async ct =>
            {
                if (_epmd.HasExited)
                {
                    throw new ChildProcessExitedException($"{_epmd} exited:\n{_epmd.Tail(10)}", _epmd.ExitCode);
                }

                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync("127.0.0.1", EpmdPort, ct);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(10),
            $"epmd listening on 127.0.0.1:{port}",
            cancellationToken: cancellationToken);
    }

    private static string FindEpmd()
    {
        const string OnPath = "/usr/bin/epmd";
        if (File.Exists(OnPath))
        {
            return OnPath;
        }

        return Directory.EnumerateFiles("/usr/lib/erlang", "epmd", SearchOption.AllDirectories).FirstOrDefault()
            ?? throw new FileNotFoundException("epmd not found; is erlang-base installed?");
    }

    private async Task KillNodeAsync(CancellationToken cancellationToken)
    {
        if ((NodePid ?? PidFromFile()) is { } pid && UnixProcess.IsRunning(pid))
        {
            UnixProcess.Signal(pid, UnixSignal.Kill);
            await UnixProcess.WaitForExitAsync(pid, ExitWait, cancellationToken);
        }

        if (_server is not null)
        {
            // The wrapper script exits once its VM has. If the VM had not written its PID yet, SIGTERM
            // makes the wrapper stop the VM it started before exiting.
            await _server.StopAsync(ExitWait, cancellationToken);
        }
    }

    private int? PidFromFile() =>
        File.Exists(_layout.PidFile) && int.TryParse(File.ReadAllText(_layout.PidFile).Trim(), CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;

    private async Task ForgetServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _server = null;
        NodePid = null;
    }

    private Task<CommandResult> ControlAsync(IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // rabbitmqctl is an Erlang node too; by default every CLI on the machine competes for the
        // 11 ports from 35672. Each call gets a free port of its own instead.
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string?>(_layout.Environment)
        {
            ["RABBITMQ_CTL_DIST_PORT_MIN"] = port,
            ["RABBITMQ_CTL_DIST_PORT_MAX"] = port,
        };
        return Command.RunAsync(
            new ChildProcessOptions(ControlScript)
            {
                Arguments = [.. arguments],
                Environment = environment,
                WorkingDirectory = _root.FullPath,
                Name = "rabbitmqctl",
            },
            timeout,
            cancellationToken);
    }
}
