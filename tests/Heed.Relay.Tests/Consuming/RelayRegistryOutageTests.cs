using System.Net.Http.Headers;
using Heed.Relay.Messages;
using Heed.Relay.Tests.Infrastructure;
using Heed.Testing.Cli;
using Heed.Testing.Http;
using Heed.Testing.Network;
using Heed.Testing.Polling;
using Heed.Testing.Processes;
using Heed.Testing.Temp;
using RabbitMQ.Client;

namespace Heed.Relay.Tests.Consuming;

/// <summary>The registry dies under a relay: the relay holds what it has not decided, loses nothing, and
/// quarantines nothing for want of a lease.</summary>
public sealed class RelayRegistryOutageTests(SharedBroker shared, ITestOutputHelper output)
{
    private const ushort Prefetch = 50;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Relay_RegistryKilledAndRestartedMidStream_ForwardsEveryAllowedMessageAndQuarantinesNoneUnconfirmed()
    {
        // Arrange: a real `heed serve` child process, so it can be killed with SIGKILL and restarted on
        // the same data directory and ports; subjects user:0..9 are opted out.
        using TempDirectory data = TempDirectory.Create("heed-relay-outage-");
        string adminKey = "outage-admin-" + Guid.NewGuid().ToString("N");
        int port = FreePort.Next();
        int grpcPort = FreePort.Next();
        var http = new Uri($"http://127.0.0.1:{port}");
        ChildProcessOptions serve = HeedCli.Serve(data.FullPath, port, adminKey, grpcPort) with { OnLine = line => output.WriteLine(line.ToString()) };
        ChildProcess registry = ChildProcess.Start(serve);
        await WaitFor.HttpOkAsync(new Uri(http, "/healthz"), Long, registry);
        using var admin = new HttpClient { BaseAddress = http };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        string enforcerKey = await TestRegistry.CreateKeyAsync(admin, "enforcer");
        for (var s = 0; s < 10; s++)
        {
            (await admin.PutAsync($"/v1/subjects/user:{s}/optouts/marketing", null)).EnsureSuccessStatusCode();
        }

        await using RelayQueues queues = await RelayQueues.CreateAsync(shared.Broker.AmqpUri);
        await using InProcessRelay relay = await InProcessRelay.StartAsync($"http://127.0.0.1:{grpcPort}", enforcerKey, queues.Config(shared.Broker.AmqpUri, prefetch: Prefetch));
        IChannel publisher = await queues.OpenPublisherAsync();
        const int Half = RelayFaultTests.Total / 2;

        try
        {
            // Act: kill -9 the registry mid-stream; publish the second half while it is down.
            Task firstHalf = RelayFaultTests.PublishAllAsync(queues, publisher, 0, Half);
            await relay.WaitForSettledAsync(500, Long);
            registry.Kill();
            await registry.WaitForExitAsync(Long);
            await registry.DisposeAsync();
            await firstHalf;
            await relay.WaitUntilAsync(_ => !relay.Status.IsReplicaFresh, Long, "the relay's lease to end");
            await RelayFaultTests.PublishAllAsync(queues, publisher, Half, RelayFaultTests.Total);
            await relay.WaitUntilAsync(c => c.InFlight > 0, Long, "the relay to hold deliveries");
            long heldInFlight = relay.Counts.InFlight;
            uint waitingInQueue = await queues.CountAsync(queues.Source);
            long quarantinedWhileDown = relay.Counts.Quarantined;
            output.WriteLine($"registry down: relay {relay.Counts}, {waitingInQueue} waiting in the source queue");

            registry = ChildProcess.Start(serve);
            await WaitFor.HttpOkAsync(new Uri(http, "/healthz"), Long, registry);
            int expectedOut = Enumerable.Range(0, RelayFaultTests.Total).Count(i => RelayFaultTests.Expected(i) is "forward" or "quarantine");
            await Poll.UntilAsync(
                async _ => await queues.CountAsync(queues.Source) == 0
                    && await queues.CountAsync(queues.Target) + await queues.CountAsync(queues.Quarantine) >= expectedOut,
                Long,
                $"every message relayed after the registry came back (relay {relay.Counts})");
            await relay.StopAsync();

            // Assert: while down, at most the prefetch was held and the rest waited in the queue.
            heldInFlight.ShouldBeLessThanOrEqualTo(Prefetch);
            waitingInQueue.ShouldBeGreaterThan(0u);

            // Assert: every allowed message forwarded, only subject-less ones quarantined, nothing left.
            IReadOnlyList<ReceivedMessage> forwarded = await queues.DrainAsync(queues.Target);
            IReadOnlyList<ReceivedMessage> quarantined = await queues.DrainAsync(queues.Quarantine);
            output.WriteLine($"relay {relay.Counts}; at target {forwarded.Count}, quarantined {quarantined.Count} ({quarantinedWhileDown} while down)");
            forwarded.Select(m => m.Sequence).ToHashSet().ShouldBe(RelayFaultTests.Sequences("forward"), ignoreOrder: true);
            quarantined.ShouldAllBe(m => m.QuarantineReason == SubjectExtractor.NoSubject);
            quarantined.Select(m => m.Sequence).ToHashSet().ShouldBe(RelayFaultTests.Sequences("quarantine"), ignoreOrder: true);
            relay.Counts.Denied.ShouldBeGreaterThanOrEqualTo(RelayFaultTests.Sequences("deny").Count);
            (await queues.CountAsync(queues.Source)).ShouldBe(0u);
        }
        finally
        {
            await registry.DisposeAsync();
        }
    }
}
