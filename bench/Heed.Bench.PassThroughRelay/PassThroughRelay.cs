using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Heed.Bench.PassThroughRelay;

/// <summary>
/// The peer the relay is measured against: consume, publish with confirms, ack after the confirm, with the
/// same channel layout, prefetch and dispatch concurrency as Heed's relay, and no checks at all.
/// </summary>
public sealed class PassThroughRelay : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _consumer;
    private readonly IChannel _publisher;
    private readonly string _exchange;

    private PassThroughRelay(IConnection connection, IChannel consumer, IChannel publisher, string exchange)
    {
        _connection = connection;
        _consumer = consumer;
        _publisher = publisher;
        _exchange = exchange;
    }

    public static async Task<PassThroughRelay> StartAsync(Uri amqp, string source, string exchange, ushort prefetch)
    {
        var factory = new ConnectionFactory { Uri = amqp, ClientProvidedName = "pass-through relay", AutomaticRecoveryEnabled = true };
        IConnection connection = await factory.CreateConnectionAsync();
        IChannel publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        IChannel consumer = await connection.CreateChannelAsync(new CreateChannelOptions(false, false, consumerDispatchConcurrency: prefetch));
        await consumer.BasicQosAsync(0, prefetch, global: false);
        var relay = new PassThroughRelay(connection, consumer, publisher, exchange);
        var handler = new AsyncEventingBasicConsumer(consumer);
        handler.ReceivedAsync += relay.OnReceivedAsync;
        await consumer.BasicConsumeAsync(source, autoAck: false, handler);
        return relay;
    }

    public async ValueTask DisposeAsync()
    {
        await _consumer.CloseAsync();
        await _publisher.CloseAsync();
        await _connection.CloseAsync();
        _connection.Dispose();
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        try
        {
            await _publisher.BasicPublishAsync(_exchange, delivery.RoutingKey, mandatory: true, new BasicProperties(delivery.BasicProperties), delivery.Body);
            await _consumer.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        }
        catch (Exception)
        {
            await _consumer.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
        }
    }
}
