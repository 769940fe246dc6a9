using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Client;
using Heed.Testing.Cli;
using Heed.Testing.Network;
using Heed.Testing.Polling;
using Heed.Testing.Processes;
using Heed.Testing.Temp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Heed.System.Tests.Replication;

/// <summary>
/// The taxonomy as data across real processes (docs/schemas.md, "Purposes"): a purpose added at runtime is
/// enforced by every replica, a `heed sidecar` child process and an in-process SDK, once its addition is
/// acknowledged, with no restart anywhere; and a deprecation carries opt-outs over both ways on each of them.
/// </summary>
public sealed class PurposeReplicationTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task AddPurpose_Acknowledged_EveryReplicaEnforcesItWithoutARestart()
    {
        // Arrange: a registry, a sidecar and an SDK replica, all following the built-in taxonomy.
        await using Cluster cluster = await Cluster.StartAsync();
        IReplicaProbe[] replicas = cluster.Replicas;
        foreach (IReplicaProbe replica in replicas)
        {
            (await replica.CheckAsync("user:p-1", "research.surveys", CancellationToken.None)).ShouldBe("unknown_purpose", replica.Name + " fails closed on a name it does not know");
        }

        // Act
        JsonElement added = await cluster.WriteAsync(HttpMethod.Post, "/v1/purposes", new { name = "research.surveys" });
        var known = new List<string>();
        foreach (IReplicaProbe replica in replicas)
        {
            known.Add(await replica.CheckAsync("user:p-1", "research.surveys", CancellationToken.None));
        }

        JsonElement optedOut = await cluster.WriteAsync(HttpMethod.Put, "/v1/subjects/user:p-1/optouts/research.surveys", null);
        var denied = new List<string>();
        foreach (IReplicaProbe replica in replicas)
        {
            denied.Add(await replica.CheckAsync("user:p-1", "research.surveys", CancellationToken.None));
        }

        // Assert: acknowledged means every replica had the new taxonomy (or had lost its lease) at that moment.
        added.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        optedOut.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        known.ShouldAllBe(r => r == "allowed" || r == "unconfirmed");
        denied.ShouldAllBe(r => r == "opted_out" || r == "unconfirmed");
        foreach (IReplicaProbe replica in replicas)
        {
            await Poll.UntilAsync(async ct => await replica.CheckAsync("user:p-1", "research.surveys", ct) == "opted_out", Wait, replica.Name + " to deny from its replica", TimeSpan.FromMilliseconds(10));
            (await replica.CheckAsync("user:p-1", "research", CancellationToken.None)).ShouldBe("opted_out", replica.Name + ": a parent's check is denied by its child's opt-out");
            (await replica.CheckAsync("user:p-2", "research.surveys", CancellationToken.None)).ShouldBe("allowed");
            (await replica.CheckAsync("user:p-1", "research.panels", CancellationToken.None)).ShouldBe("unknown_purpose");
        }
    }

    [Fact]
    public async Task DeprecatePurpose_WithSuccessor_EveryReplicaCarriesOptOutsOverBothWays()
    {
        // Arrange
        await using Cluster cluster = await Cluster.StartAsync();
        await cluster.WriteAsync(HttpMethod.Post, "/v1/purposes", new { name = "research.surveys" });
        await cluster.WriteAsync(HttpMethod.Post, "/v1/purposes", new { name = "research.panels" });
        await cluster.WriteAsync(HttpMethod.Put, "/v1/subjects/user:old/optouts/research.surveys", null);

        // Act
        JsonElement deprecated = await cluster.WriteAsync(HttpMethod.Patch, "/v1/purposes/research.surveys", new { deprecated = true, successor = "research.panels" });
        await cluster.WriteAsync(HttpMethod.Put, "/v1/subjects/user:new/optouts/research.panels", null);

        // Assert
        deprecated.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        foreach (IReplicaProbe replica in cluster.Replicas)
        {
            await Poll.UntilAsync(async ct => await replica.CheckAsync("user:new", "research.surveys", ct) == "opted_out", Wait, replica.Name + ": the successor's opt-out denies the old purpose", TimeSpan.FromMilliseconds(10));
            (await replica.CheckAsync("user:old", "research.panels", CancellationToken.None)).ShouldBe("opted_out", replica.Name + ": the old purpose's opt-out carries over to the successor");
            (await replica.CheckAsync("user:other", "research.surveys", CancellationToken.None)).ShouldBe("allowed");
        }
    }

    [Fact]
    public async Task AddPurposes_AThousandAtRuntime_OptOutsUnderTheLastOnesAreEnforcedByEveryReplica()
    {
        // Arrange: 1,000 purposes added one by one through the API, so most bits lie beyond word 0.
        await using Cluster cluster = await Cluster.StartAsync();
        const int Count = 1000;
        int lastBit = 0;
        for (int i = 0; i < Count; i++)
        {
            JsonElement added = await cluster.WriteAsync(HttpMethod.Post, "/v1/purposes", new { name = $"bulk.p{i:D4}" });
            lastBit = added.GetProperty("bit").GetInt32();
        }

        // Act: opt-outs of the last purpose, of one just past word 0, and of a built-in one in word 0.
        await cluster.WriteAsync(HttpMethod.Put, $"/v1/subjects/user:last/optouts/bulk.p{Count - 1:D4}", null);
        await cluster.WriteAsync(HttpMethod.Put, "/v1/subjects/user:edge/optouts/bulk.p0050", null);
        JsonElement narrow = await cluster.WriteAsync(HttpMethod.Put, "/v1/subjects/user:edge/optouts/marketing.communications.email", null);

        // Assert
        lastBit.ShouldBeGreaterThan(1000, "the last of 1,000 added purposes has a bit far beyond word 0");
        narrow.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        foreach (IReplicaProbe replica in cluster.Replicas)
        {
            await Poll.UntilAsync(async ct => await replica.CheckAsync("user:edge", "marketing.communications.email", ct) == "opted_out", Wait, replica.Name + " to hold the opt-outs", TimeSpan.FromMilliseconds(10));
            (await replica.CheckAsync("user:last", $"bulk.p{Count - 1:D4}", CancellationToken.None)).ShouldBe("opted_out", replica.Name + ": the last purpose");
            (await replica.CheckAsync("user:last", "bulk", CancellationToken.None)).ShouldBe("opted_out", replica.Name + ": its parent");
            (await replica.CheckAsync("user:last", $"bulk.p{Count - 2:D4}", CancellationToken.None)).ShouldBe("allowed", replica.Name + ": its neighbour");
            (await replica.CheckAsync("user:last", "marketing.communications.email", CancellationToken.None)).ShouldBe("allowed", replica.Name + ": a word-0 purpose");
            (await replica.CheckAsync("user:edge", "bulk.p0050", CancellationToken.None)).ShouldBe("opted_out", replica.Name + ": a purpose just past word 0");
            (await replica.CheckAsync("user:edge", "bulk.p0051", CancellationToken.None)).ShouldBe("allowed", replica.Name);
            (await replica.CheckAsync("user:other", $"bulk.p{Count - 1:D4}", CancellationToken.None)).ShouldBe("allowed", replica.Name);
        }
    }

    /// <summary>A registry child process, a `heed sidecar` child process and an in-process SDK replica.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private readonly TempDirectory _data;
        private readonly ChildProcess _registry;
        private readonly ChildProcess _sidecar;
        private readonly SidecarProbe _sidecarProbe;
        private readonly IHost _sdk;
        private readonly HttpClient _http;

        private Cluster(TempDirectory data, ChildProcess registry, ChildProcess sidecar, SidecarProbe sidecarProbe, IHost sdk, HttpClient http)
        {
            _data = data;
            _registry = registry;
            _sidecar = sidecar;
            _sidecarProbe = sidecarProbe;
            _sdk = sdk;
            _http = http;
            Replicas = [sidecarProbe, new SdkProbe("sdk", sdk.Services.GetRequiredService<IHeedEnforcer>())];
        }

        public IReplicaProbe[] Replicas { get; }

        public static async Task<Cluster> StartAsync()
        {
            TempDirectory data = TempDirectory.Create("heed-purposes-");
            string admin = "purposes-admin-" + Guid.NewGuid().ToString("N");
            int httpPort = FreePort.Next();
            int grpcPort = FreePort.Next();
            string grpcUrl = $"http://127.0.0.1:{grpcPort}";
            ChildProcess registry = await LeasedRegistry.StartHealthyAsync(data.FullPath, httpPort, grpcPort, admin, Lease, Wait);
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            int sidecarPort = FreePort.Next();
            ChildProcess sidecar = ChildProcess.Start(HeedCli.Command(
                "sidecar", "--registry", grpcUrl, "--key", admin, "--service", "svc-purposes",
                "--urls", $"http://127.0.0.1:{sidecarPort}", "--grpc-urls", $"http://127.0.0.1:{FreePort.Next()}") with { Name = "sidecar" });
            var probe = new SidecarProbe("sidecar", new Uri($"http://127.0.0.1:{sidecarPort}"));
            IHost sdk = await SdkReplica.StartAsync(grpcUrl, admin, "svc-purposes");
            var cluster = new Cluster(data, registry, sidecar, probe, sdk, http);
            await Poll.UntilAsync(probe.IsReadyAsync, Wait, "the sidecar to be ready", TimeSpan.FromMilliseconds(10));
            using var fresh = new CancellationTokenSource(Wait);
            await sdk.Services.GetRequiredService<IHeedEnforcer>().WaitUntilFreshAsync(fresh.Token);
            return cluster;
        }

        /// <summary>An admin write; its answer, which must be a success.</summary>
        public async Task<JsonElement> WriteAsync(HttpMethod method, string path, object? body)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using HttpResponseMessage response = await _http.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.ShouldBeTrue(text);
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        public async ValueTask DisposeAsync()
        {
            await _sdk.StopAsync();
            _sdk.Dispose();
            _sidecarProbe.Dispose();
            await _sidecar.DisposeAsync();
            await _registry.DisposeAsync();
            _http.Dispose();
            _data.Dispose();
        }
    }
}
