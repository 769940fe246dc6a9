using System.Globalization;
using System.Text;
using Heed.Relay.Configuration;
using RabbitMQ.Client;

namespace Heed.Relay.Tests.Infrastructure;

/// <summary>
/// One test's topology on a broker: a durable source queue, a target exchange with a durable queue bound
/// to it, and a quarantine queue name, all unique to the test. Publishes test messages (persistent, with
/// publisher confirms) and reads what arrived.
/// </summary>
public sealed class RelayQueues : IAsyncDisposable
{
    public const string Purpose = "marketing.communications.email";

    /// <summary>The header that carries each test message's sequence number.</summary>
    public const string SequenceHeader = "x-test-seq";

    private IConnection _connection;
    private IChannel _channel;

    private RelayQueues(IConnection connection, IChannel channel, string prefix)
    {
        _connection = connection;
        _channel = channel;
        Source = prefix + ".in";
        Exchange = prefix + ".out";
        Target = prefix + ".out.q";
        Quarantine = prefix + ".quarantine";
    }

    public string Source { get; }

    public string Exchange { get; }

    public string Target { get; }

    public string Quarantine { get; }

    /// <summary>Declares the queues; with <paramref name="bindTarget"/> false the target exchange has no queue,
    /// so forwards come back unroutable until <see cref="BindTargetAsync"/>.</summary>
    public static async Task<RelayQueues> CreateAsync(Uri amqp, bool bindTarget = true)
    {
        var factory = new ConnectionFactory { Uri = amqp, ClientProvidedName = "relay-test", AutomaticRecoveryEnabled = false };
        IConnection connection = await factory.CreateConnectionAsync();
        IChannel channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var queues = new RelayQueues(connection, channel, "t" + Guid.NewGuid().ToString("N")[..10]);
        await channel.QueueDeclareAsync(queues.Source, durable: true, exclusive: false, autoDelete: false);
        await channel.ExchangeDeclareAsync(queues.Exchange, ExchangeType.Fanout, durable: true);
        await channel.QueueDeclareAsync(queues.Target, durable: true, exclusive: false, autoDelete: false);
        if (bindTarget)
        {
            await queues.BindTargetAsync();
        }

        return queues;
    }

    /// <summary>Opens a new connection after the broker restarted (the test's own connection does not recover).</summary>
    public async Task ReconnectAsync(Uri amqp)
    {
        _channel.Dispose();
        _connection.Dispose();
        var factory = new ConnectionFactory { Uri = amqp, ClientProvidedName = "relay-test", AutomaticRecoveryEnabled = false };
        _connection = await factory.CreateConnectionAsync();
        _channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
    }

    public Task BindTargetAsync() => _channel.QueueBindAsync(Target, Exchange, string.Empty);

    /// <summary>Deletes the target exchange under a running relay, so its forwards fail at the broker.</summary>
    public Task DeleteExchangeAsync() => _channel.ExchangeDeleteAsync(Exchange);

    public RelayConfig Config(Uri amqp, ushort prefetch = 100, TimeSpan? requeueDelay = null) => new()
    {
        Connection = amqp.ToString(),
        StatusInterval = TimeSpan.FromSeconds(2),
        RequeueDelay = requeueDelay ?? TimeSpan.FromMilliseconds(50),
        Queues =
        [
            new QueueRelayConfig
            {
                Source = Source,
                Exchange = Exchange,
                Quarantine = Quarantine,
                Prefetch = prefetch,
                Purposes = [Purpose],
                Subject = new SubjectConfig { From = SubjectSourceKind.CloudEvents },
            },
        ],
    };

    /// <summary>As <see cref="Config"/>, the queue in CloudEvents mode: each event's schema version gives its
    /// subject and purposes.</summary>
    public RelayConfig CloudEventsConfig(Uri amqp)
    {
        RelayConfig config = Config(amqp);
        return config with { Queues = [config.Queues![0] with { Purposes = null, Subject = null, CloudEvents = true }] };
    }

    /// <summary>Publishes a message as given; returns when the broker has confirmed it.</summary>
    public ValueTask PublishAsync(BasicProperties properties, ReadOnlyMemory<byte> body, IChannel? channel = null) =>
        (channel ?? _channel).BasicPublishAsync(string.Empty, Source, mandatory: true, properties, body);

    /// <summary>Publishes one message with sequence number <paramref name="sequence"/> and, unless null, the
    /// CloudEvents subject <paramref name="subject"/>; returns when the broker has confirmed it.</summary>
    public ValueTask PublishAsync(long sequence, string? subject, IChannel? channel = null)
    {
        var headers = new Dictionary<string, object?> { [SequenceHeader] = sequence.ToString(CultureInfo.InvariantCulture) };
        if (subject is not null)
        {
            headers["cloudEvents:subject"] = subject;
            headers["cloudEvents:type"] = "com.example.newsletter.sent";
        }

        var properties = new BasicProperties
        {
            Persistent = true,
            MessageId = sequence.ToString(CultureInfo.InvariantCulture),
            Headers = headers,
        };
        return (channel ?? _channel).BasicPublishAsync(string.Empty, Source, mandatory: true, properties, Encoding.UTF8.GetBytes($"{{\"seq\":{sequence}}}"));
    }

    /// <summary>A confirm channel of its own, for publishing concurrently with this object's other work.</summary>
    public Task<IChannel> OpenPublisherAsync() =>
        _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));

    public async Task<uint> CountAsync(string queue) => (await _channel.QueueDeclarePassiveAsync(queue)).MessageCount;

    /// <summary>Takes every message now in <paramref name="queue"/> (acknowledged) and returns them.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> DrainAsync(string queue)
    {
        var messages = new List<ReceivedMessage>();
        while (await _channel.BasicGetAsync(queue, autoAck: true) is { } got)
        {
            messages.Add(ReceivedMessage.From(got.BasicProperties));
        }

        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (string queue in (string[])[Source, Target, Quarantine])
            {
                await _channel.QueueDeleteAsync(queue);
            }

            await _channel.ExchangeDeleteAsync(Exchange);
            await _channel.CloseAsync();
            await _connection.CloseAsync();
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.OperationInterruptedException or IOException)
        {
            // The broker may be gone already (its own test disposed it); nothing to clean.
        }

        _channel.Dispose();
        _connection.Dispose();
    }
}
