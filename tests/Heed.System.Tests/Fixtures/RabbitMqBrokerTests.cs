using System.Text;
using Heed.Testing.Processes;
using Heed.Testing.RabbitMq;
using RabbitMQ.Client;

namespace Heed.System.Tests.Fixtures;

public sealed class RabbitMqBrokerTests
{
    private const string Queue = "heed.fixture";

    [Fact(Timeout = 300_000)]
    public async Task RestartAsync_PersistentMessage_SurvivesAndClientReconnects()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await RabbitMqBroker.StartAsync(cancellationToken: ct);
        var port = broker.AmqpPort;
        await using (var connection = await broker.ConnectAsync(cancellationToken: ct))
        {
            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                ct);
            await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
            await PublishAsync(channel, "before restart", ct);
            await PublishAsync(channel, "round trip", ct);
            (await GetAsync(channel, ct)).ShouldBe("before restart");
        }

        // Act
        await broker.RestartAsync(ct);

        // Assert
        broker.AmqpPort.ShouldBe(port);
        await using var reconnected = await broker.ConnectAsync(cancellationToken: ct);
        await using var again = await reconnected.CreateChannelAsync(cancellationToken: ct);
        (await GetAsync(again, ct)).ShouldBe("round trip");
    }

    [Fact(Timeout = 300_000)]
    public async Task KillAsync_ThenStartAgain_ServesAndDisposeLeavesNothingRunning()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        var broker = await RabbitMqBroker.StartAsync(cancellationToken: ct);
        var killedPid = broker.NodePid!.Value;

        // Act
        await broker.KillAsync(ct);
        var killedIsRunning = UnixProcess.IsRunning(killedPid);
        await broker.StartAgainAsync(ct);
        await using (var connection = await broker.ConnectAsync(cancellationToken: ct))
        {
            connection.IsOpen.ShouldBeTrue();
        }

        var nodePid = broker.NodePid!.Value;
        var epmdPid = broker.EpmdPid!.Value;
        await broker.DisposeAsync();

        // Assert
        killedIsRunning.ShouldBeFalse();
        UnixProcess.IsRunning(nodePid).ShouldBeFalse();
        UnixProcess.IsRunning(epmdPid).ShouldBeFalse();
        Directory.Exists(broker.DataDirectory).ShouldBeFalse();
    }

    private static async Task PublishAsync(IChannel channel, string text, CancellationToken ct) =>
        await channel.BasicPublishAsync(
            exchange: string.Empty,
            routingKey: Queue,
            mandatory: true,
            basicProperties: new BasicProperties { Persistent = true },
            body: Encoding.UTF8.GetBytes(text),
            cancellationToken: ct);

    private static async Task<string?> GetAsync(IChannel channel, CancellationToken ct)
    {
        var result = await channel.BasicGetAsync(Queue, autoAck: true, ct);
        return result is null ? null : Encoding.UTF8.GetString(result.Body.Span);
    }
}
