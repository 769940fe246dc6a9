using Heed.Client;
using Heed.Client.Telemetry;
using Heed.Relay.Audit;
using Heed.Relay.Configuration;
using Heed.Relay.Enforcement;
using Heed.Relay.Messages;
using Heed.Relay.Telemetry;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Heed.Relay.Consuming;

/// <summary>
/// Relays one source queue. Every delivery, redeliveries included, is checked, then forwarded (publisher
/// confirm first, ack after), denied (ack), or quarantined (confirm, then ack). While the replica has no
/// lease, deliveries are held unacknowledged until it is fresh again, so the prefetch bounds how many the
/// broker hands over and the rest wait in the queue. If a publish or its confirm fails, the delivery goes
/// back to its queue (nack, requeue) to be checked again: at least once, never dropped, never forwarded
/// unchecked.
/// </summary>
public sealed partial class QueueRelay : IAsyncDisposable
{
    private const string DefaultExchange = "";

    private readonly QueueRelayConfig _config;
    private readonly string _source;
    private readonly string _quarantine;
    private readonly SubjectExtractor? _extractor;
    private readonly MessageJudge _judge;
    private readonly EventJudge? _events;
    private readonly IHeedEnforcer _enforcer;
    private readonly RelayMetrics _metrics;
    private readonly DenialAudit _audit;
    private readonly TimeProvider _time;
    private readonly TimeSpan _requeueDelay;
    private readonly ILogger _logger;
    private readonly InFlight _inFlight = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _releaseHeld = new();
    private readonly SemaphoreSlim _publisherGate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _consumerChannel;
    private IChannel? _publisher;
    private string? _consumerTag;

    public QueueRelay(
        QueueRelayConfig config,
        IHeedEnforcer enforcer,
        RelayMetrics metrics,
        SchemaRejectionMetrics schemaRejections,
        DenialAudit audit,
        TimeProvider time,
        TimeSpan requeueDelay,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _source = config.Source!;
        _quarantine = config.Quarantine!;
        _judge = new MessageJudge(enforcer, config.Purposes, config.EventTypes);
        if (config.CloudEvents == true)
        {
            _events = new EventJudge(enforcer, _judge, config.Subject?.Kind, schemaRejections);
        }
        else
        {
            _extractor = new SubjectExtractor(config.Subject!);
        }
        _enforcer = enforcer;
        _metrics = metrics;
        _audit = audit;
        _time = time;
        _requeueDelay = requeueDelay;
        _logger = logger;
    }

    public string Source => _source;

    public ushort Prefetch => _config.Prefetch ?? 100;

    public ushort Concurrency => _config.Concurrency ?? Prefetch;

    /// <summary>Checks the topology (source and target exist; declares the quarantine queue), then consumes.</summary>
    public async Task StartAsync(IConnection connection, CancellationToken cancellationToken)
    {
        _connection = connection;
        _publisher = await CreatePublisherAsync(cancellationToken);
        _consumerChannel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false, consumerDispatchConcurrency: Concurrency),
            cancellationToken);
        await _consumerChannel.BasicQosAsync(0, Prefetch, global: false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(_consumerChannel);
        consumer.ReceivedAsync += OnReceivedAsync;
        _consumerTag = await _consumerChannel.BasicConsumeAsync(_source, autoAck: false, consumer, cancellationToken);
        Consuming(_source, _config.Exchange!, _quarantine, Prefetch, Concurrency);
    }

    /// <summary>Declares nothing but the quarantine queue; the source and target must already exist.</summary>
    public async Task<IReadOnlyList<string>> VerifyTopologyAsync(IConnection connection, CancellationToken cancellationToken)
    {
        var errors = new List<string>();

        // A failed passive declare closes its channel, so each check gets its own.
        await CheckAsync(c => c.QueueDeclarePassiveAsync(_source, cancellationToken), $"source queue '{_source}' does not exist");
        if (_config.Exchange is { Length: > 0 } exchange)
        {
            await CheckAsync(c => c.ExchangeDeclarePassiveAsync(exchange, cancellationToken), $"target exchange '{exchange}' does not exist");
        }

        await CheckAsync(
            c => c.QueueDeclareAsync(_quarantine, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken),
            $"quarantine queue '{_quarantine}' cannot be declared durable");
        return errors;

        async Task CheckAsync(Func<IChannel, Task> check, string error)
        {
            await using IChannel channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                await check(channel);
            }
            catch (OperationInterruptedException e)
            {
                errors.Add($"{error} ({e.ShutdownReason?.ReplyText ?? e.Message})");
            }
        }
    }

    /// <summary>Stops consuming, waits for every delivery in flight to be settled, then closes the channels.
    /// Deliveries the broker had sent but the relay had not started go back to the queue on close.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_consumerChannel is { IsOpen: true } channel && _consumerTag is not null)
        {
            try
            {
                await channel.BasicCancelAsync(_consumerTag, noWait: false, cancellationToken);
            }
            catch (Exception e) when (e is OperationInterruptedException or TimeoutException)
            {
                // The channel is going away anyway; closing it returns what it holds.
            }
        }

        // Held deliveries go back to the queue now rather than keep the stop waiting for a lease.
        await _releaseHeld.CancelAsync();
        Task drained = _inFlight.CloseAsync();
        try
        {
            await drained.WaitAsync(cancellationToken);
        }
        finally
        {
            // Wakes deliveries waiting out their requeue delay only once nothing new can start.
            await _stopping.CancelAsync();
        }

        Drained(_source);
        await CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _releaseHeld.CancelAsync();
        await _stopping.CancelAsync();
        await CloseAsync();
        _releaseHeld.Dispose();
        _stopping.Dispose();
        _publisherGate.Dispose();
    }

    private async Task CloseAsync()
    {
        foreach (IChannel? channel in (IChannel?[])[_consumerChannel, _publisher])
        {
            if (channel is null)
            {
                continue;
            }

            try
            {
                await channel.CloseAsync();
            }
            catch (Exception e) when (e is OperationInterruptedException or IOException or ObjectDisposedException)
            {
                // Already closed with its connection.
            }

            channel.Dispose();
        }

        _consumerChannel = null;
        _publisher = null;
    }

    private Task<IChannel> CreatePublisherAsync(CancellationToken cancellationToken) =>
        _connection!.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        if (!_inFlight.TryEnter())
        {
            // Stopping: leave it unacknowledged; the broker requeues it when the channel closes.
            return;
        }

        try
        {
            await RelayAsync((IChannel)((AsyncEventingBasicConsumer)sender).Channel, delivery);
        }
        finally
        {
            _inFlight.Exit();
        }
    }
}
