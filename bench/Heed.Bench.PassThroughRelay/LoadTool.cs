using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace Heed.Bench.PassThroughRelay;

/// <summary>Declares a fresh source queue, target exchange and target queue, and fills the source with
/// persistent CloudEvents-style messages (confirmed), so each relay drains the same backlog.</summary>
public static class LoadTool
{
    public static async Task<(string Source, string Exchange, string Target, string Quarantine)> PrepareAsync(Uri amqp, int messages, int subjects)
    {
        string prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var factory = new ConnectionFactory { Uri = amqp, ClientProvidedName = "bench load" };
        await using IConnection connection = await factory.CreateConnectionAsync();
        await using IChannel channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        (string source, string exchange, string target, string quarantine) = (prefix + ".in", prefix + ".out", prefix + ".out.q", prefix + ".quarantine");
        await channel.QueueDeclareAsync(source, durable: true, exclusive: false, autoDelete: false);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        await channel.QueueDeclareAsync(target, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(target, exchange, string.Empty);
        byte[] body = Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"data\":{\"order\":12345,\"total\":99.5}}");
        var pending = new List<Task>(500);
        for (var i = 0; i < messages; i++)
        {
            var properties = new BasicProperties
            {
                Persistent = true,
                MessageId = i.ToString(CultureInfo.InvariantCulture),
                Headers = new Dictionary<string, object?>
                {
                    ["cloudEvents:subject"] = "user:" + (i % subjects).ToString(CultureInfo.InvariantCulture),
                    ["cloudEvents:type"] = "com.example.order.placed",
                },
            };
            pending.Add(channel.BasicPublishAsync(string.Empty, source, mandatory: true, properties, body).AsTask());
            if (pending.Count == 500)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
        return (source, exchange, target, quarantine);
    }

    public static async Task<uint> CountAsync(IChannel channel, string queue) =>
        (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
}
