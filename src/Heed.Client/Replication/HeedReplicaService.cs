using System.Reflection;
using Grpc.Net.Client;
using Heed.Client.Enforcement;
using Heed.Client.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Heed.Client.Replication;

/// <summary>
/// Keeps the replica connected for the life of the host: runs a session, and when it ends (it always
/// ends by failing) fails closed at once, then reconnects with exponential backoff and jitter, resuming
/// from the applied LSN. A refusal (old protocol, bad key, mismatched taxonomy) waits much longer, since
/// hammering the registry cannot fix it.
/// </summary>
internal sealed class HeedReplicaService : BackgroundService
{
    private const int MaxMessageBytes = 64 * 1024 * 1024;
    private readonly HeedEnforcer _enforcer;
    private readonly HeedOptions _options;
    private readonly SessionSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;

    // Metrics are taken only so that the replica's instruments exist whenever the replica runs.
    public HeedReplicaService(HeedEnforcer enforcer, IOptions<HeedOptions> options, TimeProvider time, ILogger<HeedReplicaService>? logger = null, IHostEnvironment? environment = null, HeedMetrics? metrics = null)
    {
        _ = metrics;
        _enforcer = enforcer;
        _options = options.Value;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _backoff = new ReconnectBackoff(_options.ReconnectDelay, _options.MaxReconnectDelay, new Random());
        string version = typeof(HeedReplicaService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        _settings = new SessionSettings(
            _options.Key!,
            _options.ReplicaId,
            _options.Kind,
            _options.Service ?? environment?.ApplicationName ?? "unknown",
            "Heed.Client/" + version,
            _options.ProtocolVersion);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var discovery = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(10) };
        var resolver = new RegistryAddressResolver(discovery, _options.RegistryUrl!, _settings.Key);
        GrpcChannel? channel = null;
        Uri? target = null;
        string? wrong = null;
        int failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ReplicaSession? session = null;
                HeedException error;
                TimeSpan delay;
                try
                {
                    // Resolved on every connect: a registry that restarted may listen on another port.
                    RegistryAddress address = await resolver.ResolveAsync(stoppingToken).ConfigureAwait(false);
                    if (address.Grpc is not { } grpc)
                    {
                        throw new NotARegistryException($"{_options.RegistryUrl} is not a Heed registry: {address.NotARegistry}");
                    }

                    wrong = null;
                    if (channel is null || grpc != target)
                    {
                        channel?.Dispose();
                        channel = CreateChannel(grpc);
                        target = grpc;
                        ReplicationLog.Resolved(_logger, _options.RegistryUrl!, grpc.ToString());
                    }

                    session = new ReplicaSession(new Protocol.V1.Replication.ReplicationClient(channel), _enforcer, _settings, grpc.ToString(), _logger);
                    await session.RunAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (HeedRefusedException ex)
                {
                    error = ex;
                    delay = _options.RefusedRetryDelay;
                    ReplicationLog.Refused(_logger, delay, ex.Message);
                }
                catch (NotARegistryException ex)
                {
                    // Retried with backoff like an outage (it may be a registry still starting behind a
                    // proxy), but said once per distinct answer, not on every attempt.
                    error = new HeedConnectionException(ex.Message, ex);
                    failures++;
                    delay = _backoff.Next(failures);
                    if (ex.Message != wrong)
                    {
                        wrong = ex.Message;
                        ReplicationLog.NotARegistry(_logger, ex.Message);
                    }
                }
                catch (Exception ex)
                {
                    error = ex as HeedException ?? new HeedConnectionException("the replication stream failed: " + ex.Message, ex);
                    failures = session?.HeldLease == true ? 0 : failures + 1;
                    delay = _backoff.Next(failures);
                    ReplicationLog.Disconnected(_logger, delay, error.Message);
                }

                // The wait starts before the failure is published, so whoever reads the status sees a retry
                // time that is already running.
                Task wait = Task.Delay(delay, _time, stoppingToken);
                _enforcer.MarkFailed(error, delay);
                try
                {
                    await wait.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            channel?.Dispose();
            _enforcer.Lease.Revoke();
        }
    }

    private static GrpcChannel CreateChannel(Uri grpc) => GrpcChannel.ForAddress(grpc, new GrpcChannelOptions
    {
        MaxReceiveMessageSize = MaxMessageBytes,
        ThrowOperationCanceledOnCancellation = true,
        HttpHandler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            EnableMultipleHttp2Connections = false,
        },
    });

    /// <summary>The address answered, but not as a registry; its message names the URL and the answer.</summary>
    private sealed class NotARegistryException(string message) : Exception(message);
}
