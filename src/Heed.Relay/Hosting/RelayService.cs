using Heed.Client;
using Heed.Client.Telemetry;
using Heed.Relay.Audit;
using Heed.Relay.Configuration;
using Heed.Relay.Consuming;
using Heed.Relay.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Heed.Relay.Hosting;

/// <summary>
/// Runs the relay: connects to the broker (retrying until it answers; automatic recovery after that),
/// waits for the replica's first lease so a cold start does not quarantine a backlog, consumes every
/// configured queue, logs the counters periodically, and on stop drains every queue before closing.
/// </summary>
public sealed partial class RelayService : BackgroundService
{
    private static readonly TimeSpan MaxConnectDelay = TimeSpan.FromSeconds(5);

    private readonly RelayConfig _config;
    private readonly IHeedEnforcer _enforcer;
    private readonly RelayMetrics _metrics;
    private readonly SchemaRejectionMetrics _schemaRejections;
    private readonly DenialAudit _audit;
    private readonly RelayStatus _status;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<RelayService> _logger;

    public RelayService(
        RelayConfig config,
        IHeedEnforcer enforcer,
        RelayMetrics metrics,
        SchemaRejectionMetrics schemaRejections,
        DenialAudit audit,
        RelayStatus status,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        _config = config;
        _enforcer = enforcer;
        _metrics = metrics;
        _schemaRejections = schemaRejections;
        _audit = audit;
        _status = status;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<RelayService>();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IConnection? connection = null;
        var relays = new List<QueueRelay>();
        try
        {
            connection = await ConnectAsync(stoppingToken);
            await WaitForLeaseAsync(stoppingToken);
            relays.AddRange(_config.Queues!.Select(CreateRelay));
            await VerifyAsync(connection, relays, stoppingToken);
            foreach (QueueRelay relay in relays)
            {
                await relay.StartAsync(connection, stoppingToken);
            }

            _status.SetConsuming();
            await ReportUntilStoppedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: drain below.
        }
        catch (Exception e)
        {
            _status.SetFailed(e);
            throw;
        }
        finally
        {
            // Each queue stops taking deliveries and settles those in flight before the connection closes.
            await Task.WhenAll(relays.Select(r => r.StopAsync(CancellationToken.None)));
            foreach (QueueRelay relay in relays)
            {
                await relay.DisposeAsync();
            }

            if (connection is not null)
            {
                await CloseQuietlyAsync(connection);
            }

            _status.SetFailed(new OperationCanceledException("The relay stopped before it started consuming."));
            Stopped(_metrics.Snapshot().ToString());
        }
    }

    private QueueRelay CreateRelay(QueueRelayConfig queue) =>
        new(queue, _enforcer, _metrics, _schemaRejections, _audit, _time, _config.RequeueDelay ?? TimeSpan.FromSeconds(1), _loggers.CreateLogger<QueueRelay>());

    private static async Task VerifyAsync(IConnection connection, List<QueueRelay> relays, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (QueueRelay relay in relays)
        {
            errors.AddRange(await relay.VerifyTopologyAsync(connection, cancellationToken));
        }

        if (errors.Count > 0)
        {
            throw new RelayTopologyException(errors);
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(_config.Connection!),
            ClientProvidedName = "heed relay",
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
        };
        TimeSpan delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                IConnection connection = await factory.CreateConnectionAsync(cancellationToken);
                connection.ConnectionShutdownAsync += (_, e) =>
                {
                    ConnectionLost(e.ReplyText);
                    return Task.CompletedTask;
                };
                connection.RecoverySucceededAsync += (_, _) =>
                {
                    ConnectionRecovered();
                    return Task.CompletedTask;
                };
                Connected(factory.Endpoint.ToString());
                return connection;
            }
            catch (BrokerUnreachableException e)
            {
                ConnectFailed(factory.Endpoint.ToString(), delay, e.InnerException?.Message ?? e.Message);
                await Task.Delay(delay, _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxConnectDelay.Ticks));
            }
        }
    }

    private async Task WaitForLeaseAsync(CancellationToken cancellationToken)
    {
        if (_enforcer.IsFresh)
        {
            return;
        }

        WaitingForLease();
        await _enforcer.WaitUntilFreshAsync(cancellationToken);
    }

    private async Task ReportUntilStoppedAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_config.StatusInterval ?? TimeSpan.FromSeconds(10), _time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            Counts(_metrics.Snapshot().ToString(), _enforcer.IsFresh);
        }
    }

    private static async Task CloseQuietlyAsync(IConnection connection)
    {
        try
        {
            await connection.CloseAsync();
        }
        catch (Exception e) when (e is OperationInterruptedException or IOException or ObjectDisposedException)
        {
            // Already gone.
        }

        connection.Dispose();
    }
}
