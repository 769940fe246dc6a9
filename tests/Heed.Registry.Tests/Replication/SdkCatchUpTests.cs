using Heed.Client;
using Heed.Core.Decisions;
using Heed.Registry.State;
using Heed.Registry.Tests.Infrastructure;
using Heed.Testing.Polling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Heed.Registry.Tests.Replication;

/// <summary>The SDK replica, end to end: stopped while the registry takes 100,000 writes, started again.</summary>
public sealed class SdkCatchUpTests
{
    private const string Purpose = "marketing.communications.email";
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Restart_AfterHundredThousandWrites_AnswersExactlyAsTheRegistry(bool sameProcess)
    {
        // Same process: the replica keeps its table and resumes from its applied LSN (backlog).
        // New process: it starts empty and loads a snapshot.
        // A lease long enough that checking 200,000 subjects on a loaded machine never outlasts it:
        // this test is about state, and a lapsed lease would answer "unconfirmed".
        await using RegistryServer server = await RegistryServer.StartAsync(configure: o =>
        {
            o.Lease = TimeSpan.FromSeconds(2);
            o.Heartbeat = TimeSpan.FromMilliseconds(100);
        });
        HttpClient writer = await server.ClientAsync("writer");
        string key = await server.KeyAsync("enforcer");
        RegistryState state = server.Handle.App.Services.GetRequiredService<RegistryState>();
        string[] early = [.. Enumerable.Range(0, 1_000).Select(i => $"user:sdk-early-{i}")];
        await ReplicationServiceTests.WriteBatchAsync(writer, early, "set");
        IHost first = await StartReplicaAsync(server, key);
        await CaughtUpAsync(first, state.Head);

        await StopAsync(first);
        string[] written = [.. Enumerable.Range(0, 100_000).Select(i => $"user:sdk-{i}")];
        foreach (string[] batch in written.Chunk(10_000))
        {
            await ReplicationServiceTests.WriteBatchAsync(writer, batch, "set");
        }

        await ReplicationServiceTests.WriteBatchAsync(writer, early[..500], "clear");
        long head = state.Head;
        IHost replica = first;
        if (sameProcess)
        {
            await StartAsync(first);
        }
        else
        {
            first.Dispose();
            replica = await StartReplicaAsync(server, key);
        }

        try
        {
            IHeedEnforcer enforcer = await CaughtUpAsync(replica, head);

            Mismatches(enforcer, written.Concat(early[500..]), DecisionReason.OptedOut).ShouldBeEmpty();
            Mismatches(enforcer, early[..500], DecisionReason.Allowed).ShouldBeEmpty();
            Mismatches(enforcer, Enumerable.Range(0, 100_000).Select(i => $"user:sdk-never-{i}"), DecisionReason.Allowed).ShouldBeEmpty();
            TableSlots.Of(enforcer.Replica.Table).SetEquals(TableSlots.Of(state.Replica.Table)).ShouldBeTrue();
        }
        finally
        {
            await StopAsync(replica);
            replica.Dispose();
        }
    }

    private static List<(string Subject, DecisionReason Reason)> Mismatches(IHeedEnforcer enforcer, IEnumerable<string> subjects, DecisionReason expected) =>
        [.. subjects.Select(s => (s, enforcer.Check(s, Purpose).Reason)).Where(d => d.Reason != expected).Take(10)];

    /// <summary>An SDK replica of <paramref name="server"/> in a host of its own, started.</summary>
    internal static async Task<IHost> StartReplicaAsync(RegistryServer server, string key, string? replicaId = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHeed(o =>
        {
            o.RegistryUrl = server.Handle.Endpoints.GrpcUrl;
            o.Key = key;
            o.ReplicaId = replicaId ?? o.ReplicaId;
            o.Service = "sdk-catch-up";
            o.ReconnectDelay = TimeSpan.Zero;
            o.MaxReconnectDelay = TimeSpan.Zero;
        });
        IHost host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Stops only the replica's hosted service, keeping its enforcer (and table) alive.</summary>
    private static async Task StopAsync(IHost host)
    {
        foreach (IHostedService service in host.Services.GetServices<IHostedService>().Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private static async Task StartAsync(IHost host)
    {
        foreach (IHostedService service in host.Services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    private static async Task<IHeedEnforcer> CaughtUpAsync(IHost host, long head)
    {
        IHeedEnforcer enforcer = host.Services.GetRequiredService<IHeedEnforcer>();
        await Poll.UntilAsync(
            _ => Task.FromResult(enforcer.AppliedLsn >= head && enforcer.IsFresh),
            CatchUpTimeout,
            $"the SDK replica applying LSN {head} with a lease",
            TimeSpan.FromMilliseconds(10));
        return enforcer;
    }
}
