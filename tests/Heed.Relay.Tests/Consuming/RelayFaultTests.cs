using Heed.Relay.Tests.Infrastructure;
using Heed.Testing.Cli;
using Heed.Testing.Polling;
using Heed.Testing.Processes;
using Heed.Testing.RabbitMq;
using Heed.Testing.Temp;
using RabbitMQ.Client;

namespace Heed.Relay.Tests.Consuming;

/// <summary>Crashes: the relay killed with SIGKILL, the broker restarted. Delivery is at least once:
/// every message ends up forwarded, denied or quarantined; duplicates are allowed and counted.</summary>
public sealed class RelayFaultTests(SharedBroker shared, ITestOutputHelper output)
{
    internal const int Total = 4_000;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task RelayProcess_KilledMidStreamAndRestarted_LosesNoMessage()
    {
        // Arrange: subjects user:0..9 are opted out before the relay starts.
        await using TestRegistry registry = await TestRegistry.StartAsync();
        for (var s = 0; s < 10; s++)
        {
            await registry.OptOutAsync($"user:{s}", "marketing");
        }

        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri);
        using TempDirectory dir = TempDirectory.Create("heed-relay-crash-");
        string configPath = ConfigFile.Write(dir.FullPath, queues.Config(shared.Broker.AmqpUri, prefetch: 200));
        ChildProcessOptions command = HeedCli.Command("relay", "--registry", registry.GrpcUrl, "--key", registry.EnforcerKey, "--config", configPath) with
        {
            Name = "heed relay",
            OnLine = line => output.WriteLine(line.ToString()),
        };
        IChannel publisher = await queues.OpenPublisherAsync();
        await using (ChildProcess first = ChildProcess.Start(command))
        {
            await first.WaitForLineAsync(l => l.Contains("heed relay: consuming", StringComparison.Ordinal), Long);
            Task publishing = PublishAllAsync(queues, publisher);

            // Act: SIGKILL while deliveries are in flight.
            await Poll.UntilAsync(async _ => await queues.CountAsync(queues.Target) >= 1_000, Long, "1,000 forwarded messages");
            first.Kill();
            await first.WaitForExitAsync(Long);
            await publishing;
        }

        await using ChildProcess second = ChildProcess.Start(command);
        await second.WaitForLineAsync(l => l.Contains("heed relay: consuming", StringComparison.Ordinal), Long);
        int expectedOut = Enumerable.Range(0, Total).Count(i => Expected(i) is "forward" or "quarantine");
        await Poll.UntilAsync(
            async _ => await queues.CountAsync(queues.Source) == 0
                && await queues.CountAsync(queues.Target) + await queues.CountAsync(queues.Quarantine) >= expectedOut,
            Long,
            "every message relayed");
        (await second.StopAsync(TimeSpan.FromSeconds(60))).ShouldBe(0);

        // Assert: each allowed message reached the target at least once, each unresolvable one the
        // quarantine; no denied subject's message was forwarded; nothing is left in the source.
        IReadOnlyList<ReceivedMessage> forwarded = await queues.DrainAsync(queues.Target);
        IReadOnlyList<ReceivedMessage> quarantined = await queues.DrainAsync(queues.Quarantine);
        int duplicates = forwarded.Count - forwarded.Select(m => m.Sequence).Distinct().Count();
        output.WriteLine($"forwarded {forwarded.Count} ({duplicates} duplicates after the crash), quarantined {quarantined.Count}");
        forwarded.Select(m => m.Sequence).ToHashSet().ShouldBe(Sequences("forward"), ignoreOrder: true);
        quarantined.Select(m => m.Sequence).ToHashSet().ShouldBe(Sequences("quarantine"), ignoreOrder: true);
        (await queues.CountAsync(queues.Source)).ShouldBe(0u);
        second.Lines.ShouldContain(l => l.Text.StartsWith("heed relay: stopped: in=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Relay_BrokerRestartsMidStream_ReconnectsAndLosesNoMessage()
    {
        // Arrange
        await using RabbitMqBroker broker = await RabbitMqBroker.StartAsync();
        await using TestRegistry registry = await TestRegistry.StartAsync();
        for (var s = 0; s < 10; s++)
        {
            await registry.OptOutAsync($"user:{s}", "marketing");
        }

        await using RelayQueues queues = await RelayQueues.CreateAsync(broker.AmqpUri);
        IChannel publisher = await queues.OpenPublisherAsync();
        await PublishAllAsync(queues, publisher, 0, Total * 3 / 4);
        await using InProcessRelay relay = await InProcessRelay.StartAsync(registry, queues.Config(broker.AmqpUri, prefetch: 200));
        await relay.WaitForSettledAsync(300, Long);

        // Act: a graceful broker restart under load, then more messages once it is back.
        await broker.RestartAsync();
        await queues.ReconnectAsync(broker.AmqpUri);
        publisher = await queues.OpenPublisherAsync();
        await PublishAllAsync(queues, publisher, Total * 3 / 4, Total);
        int expectedOut = Enumerable.Range(0, Total).Count(i => Expected(i) is "forward" or "quarantine");
        await Poll.UntilAsync(
            async _ => await queues.CountAsync(queues.Source) == 0
                && await queues.CountAsync(queues.Target) + await queues.CountAsync(queues.Quarantine) >= expectedOut,
            Long,
            $"every message relayed after the restart (relay {relay.Counts})");
        await relay.StopAsync();

        // Assert
        IReadOnlyList<ReceivedMessage> forwarded = await queues.DrainAsync(queues.Target);
        IReadOnlyList<ReceivedMessage> quarantined = await queues.DrainAsync(queues.Quarantine);
        output.WriteLine($"relay {relay.Counts}; at target {forwarded.Count}, quarantined {quarantined.Count}");
        forwarded.Select(m => m.Sequence).ToHashSet().ShouldBe(Sequences("forward"), ignoreOrder: true);
        quarantined.Select(m => m.Sequence).ToHashSet().ShouldBe(Sequences("quarantine"), ignoreOrder: true);
        relay.Counts.Denied.ShouldBeGreaterThanOrEqualTo(Sequences("deny").Count);
        (await queues.CountAsync(queues.Source)).ShouldBe(0u);
    }

    internal static string? Subject(int i) => i % 97 == 0 ? null : $"user:{i % 100}";

    internal static string Expected(int i) => Subject(i) is null ? "quarantine" : i % 100 < 10 ? "deny" : "forward";

    internal static HashSet<long> Sequences(string outcome) =>
        [.. Enumerable.Range(0, Total).Where(i => Expected(i) == outcome).Select(i => (long)i)];

    internal static async Task PublishAllAsync(RelayQueues queues, IChannel publisher, int from = 0, int to = Total)
    {
        var pending = new List<Task>(100);
        for (int i = from; i < to; i++)
        {
            pending.Add(queues.PublishAsync(i, Subject(i), publisher).AsTask());
            if (pending.Count == 100)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    }
}
