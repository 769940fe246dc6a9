using Heed.Relay.Tests.Infrastructure;
using Heed.Testing.Cli;
using Heed.Testing.Polling;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.Relay.Tests.Consuming;

/// <summary><c>heed relay --registry</c> takes the registry's HTTP address and finds the replication stream there.</summary>
public sealed class RelayRegistryAddressTests(SharedBroker shared, ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task RelayProcess_GivenTheRegistryHttpUrl_ConsumesForwardsThenDeniesAfterAnOptOut()
    {
        // Arrange
        await using TestRegistry registry = await TestRegistry.StartAsync();
        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri);
        using TempDirectory dir = TempDirectory.Create("heed-relay-address-");
        string configPath = ConfigFile.Write(dir.FullPath, queues.Config(shared.Broker.AmqpUri));
        await using ChildProcess relay = ChildProcess.Start(HeedCli.Command(
            "relay", "--registry", registry.Handle.Endpoints.HttpUrl, "--key", registry.EnforcerKey, "--config", configPath) with
        {
            Name = "heed relay",
            OnLine = line => output.WriteLine(line.ToString()),
        });

        // Act: it consumes only once its replica holds a lease, so this line means it found the registry.
        await relay.WaitForLineAsync(l => l.Contains("heed relay: consuming", StringComparison.Ordinal), Long);
        await queues.PublishAsync(1, "user:relay-http");
        await Poll.UntilAsync(async _ => await queues.CountAsync(queues.Target) == 1, Long, "the allowed message forwarded");
        await registry.OptOutAsync("user:relay-http", "marketing");
        await queues.PublishAsync(2, "user:relay-http");
        await Poll.UntilAsync(async _ => await queues.CountAsync(queues.Source) == 0, Long, "the second message taken");
        (await relay.StopAsync(TimeSpan.FromSeconds(60))).ShouldBe(0);

        // Assert
        IReadOnlyList<ReceivedMessage> forwarded = await queues.DrainAsync(queues.Target);
        forwarded.Select(m => m.Sequence).ShouldBe([1L]);
        (await queues.CountAsync(queues.Quarantine)).ShouldBe(0u);
        relay.Lines.ShouldContain(l => l.Text.StartsWith("heed relay: stopped: in=2 forwarded=1 denied=1", StringComparison.Ordinal), relay.Tail(20));
    }
}
