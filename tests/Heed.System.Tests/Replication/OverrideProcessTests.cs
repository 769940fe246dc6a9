using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Testing.Cli;
using Heed.Testing.Network;
using Heed.Testing.Overrides;
using Heed.Testing.Polling;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.System.Tests.Replication;

/// <summary>
/// Overrides across real processes (docs/overrides.md): a registry and two sidecars of one service. Once a
/// revocation is acknowledged no sidecar allows by it; an override that ended while a sidecar was paused
/// (SIGSTOP) allows nothing when it resumes.
/// </summary>
public sealed class OverrideProcessTests
{
    private const string Service = "svc-override";
    private const string Purpose = "marketing.communications.email";
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Revoke_Acknowledged_NoSidecarAllowsByItAfterwards()
    {
        // Arrange: user:o-1 opted out of marketing; an approved override of marketing for the service.
        await using Cluster cluster = await Cluster.StartAsync("heed-override-revoke-");
        await cluster.OptOutAsync("user:o-1", "marketing");
        string id = await cluster.ApproveAsync(new { service = Service, purposes = new[] { "marketing" }, ttl = "30m", reason = "revocation test" });
        await cluster.UntilAllAnswerAsync("user:o-1", "override");
        var checks = new List<(long StartedAt, string Reason, string Sidecar)>();
        using var stop = new CancellationTokenSource();
        Task[] checkers = [.. cluster.Sidecars.Select(s => CheckLoopAsync(s, checks, stop.Token))];

        // Act
        await Poll.UntilAsync(_ => Task.FromResult(Count(checks, "override") >= 200), Wait, "200 override decisions before the revoke", TimeSpan.FromMilliseconds(10));
        JsonElement revoked = await cluster.Admins.RevokeAsync(id);
        long acknowledgedBy = Stopwatch.GetTimestamp();
        await Poll.UntilAsync(_ => Task.FromResult(CountAfter(checks, acknowledgedBy) >= 1_000), Wait, "1,000 checks after the acknowledged revoke", TimeSpan.FromMilliseconds(10));
        await stop.CancelAsync();
        await Task.WhenAll(checkers);

        // Assert: a check that started after the revoke's answer came back never allows by the override.
        revoked.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        List<(long StartedAt, string Reason, string Sidecar)> after;
        lock (checks)
        {
            after = [.. checks.Where(c => c.StartedAt > acknowledgedBy)];
        }

        after.Where(c => c.Reason == "override").ShouldBeEmpty("no sidecar allows by a revoked override once the revocation is acknowledged");
        after.ShouldContain(c => c.Reason == "opted_out");
        foreach (SidecarProbe sidecar in cluster.Sidecars)
        {
            (await sidecar.CheckAsync("user:o-1", Purpose, CancellationToken.None)).ShouldBe("opted_out");
        }
    }

    [Fact]
    public async Task Sidecar_PausedPastTheOverridesEnd_AllowsNothingByItOnResume()
    {
        // Arrange: a 4 s override, honored by both sidecars.
        await using Cluster cluster = await Cluster.StartAsync("heed-override-pause-");
        await cluster.OptOutAsync("user:o-2", "marketing");
        string id = await cluster.ApproveAsync(new { service = Service, purposes = new[] { "marketing" }, ttl = 4, reason = "expiry test" });
        await cluster.UntilAllAnswerAsync("user:o-2", "override");
        ChildProcess paused = cluster.SidecarProcesses[0];
        SidecarProbe probe = cluster.Sidecars[0];

        // Act: pause the first sidecar until the registry says the override has ended, then resume it and check at once.
        paused.Pause();
        await Poll.UntilAsync(async ct => (await cluster.Admins.ShowAsync(id, ct)).GetProperty("state").GetString() == "expired",
            Wait, "the override to end", TimeSpan.FromMilliseconds(100));
        paused.Resume();
        var reasons = new List<string>();
        while (reasons.Count < 200 || reasons[^1] != "opted_out")
        {
            reasons.Add(await probe.CheckAsync("user:o-2", Purpose, CancellationToken.None));
            reasons.Count.ShouldBeLessThan(100_000, "the sidecar becomes fresh again");
        }

        // Assert: unconfirmed until it has a lease again, then the opt-out; never the override.
        reasons.ShouldNotContain("override");
        reasons.ShouldAllBe(r => r == "unconfirmed" || r == "opted_out");
        (await cluster.Sidecars[1].CheckAsync("user:o-2", Purpose, CancellationToken.None)).ShouldBe("opted_out");
    }

    private static int Count(List<(long StartedAt, string Reason, string Sidecar)> checks, string reason)
    {
        lock (checks)
        {
            return checks.Count(c => c.Reason == reason);
        }
    }

    private static int CountAfter(List<(long StartedAt, string Reason, string Sidecar)> checks, long at)
    {
        lock (checks)
        {
            return checks.Count(c => c.StartedAt > at);
        }
    }

    private static async Task CheckLoopAsync(SidecarProbe sidecar, List<(long StartedAt, string Reason, string Sidecar)> checks, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            long startedAt = Stopwatch.GetTimestamp();
            string reason;
            try
            {
                reason = await sidecar.CheckAsync("user:o-1", Purpose, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            lock (checks)
            {
                checks.Add((startedAt, reason, sidecar.Name));
            }
        }
    }

    /// <summary>A registry (lease 500 ms), two admins and two sidecars of <see cref="Service"/>.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private readonly TempDirectory _data;
        private readonly ChildProcess _registry;

        private Cluster(TempDirectory data, ChildProcess registry, HttpClient requester)
        {
            _data = data;
            _registry = registry;
            Requester = requester;
        }

        public HttpClient Requester { get; }

        public OverrideAdmins Admins { get; private set; } = null!;

        public List<ChildProcess> SidecarProcesses { get; } = [];

        public List<SidecarProbe> Sidecars { get; } = [];

        public static async Task<Cluster> StartAsync(string prefix)
        {
            TempDirectory data = TempDirectory.Create(prefix);
            string admin = "override-admin-" + Guid.NewGuid().ToString("N");
            int httpPort = FreePort.Next();
            int grpcPort = FreePort.Next();
            ChildProcess registry = await LeasedRegistry.StartHealthyAsync(data.FullPath, httpPort, grpcPort, admin, Lease, Wait);
            var cluster = new Cluster(data, registry, Client(httpPort, admin));
            try
            {
                cluster.Admins = await OverrideAdmins.CreateAsync(cluster.Requester);
                foreach (string name in new[] { "a", "b" })
                {
                    int port = FreePort.Next();
                    cluster.SidecarProcesses.Add(ChildProcess.Start(HeedCli.Command(
                        "sidecar", "--registry", $"http://127.0.0.1:{grpcPort}", "--key", admin, "--service", Service,
                        "--urls", $"http://127.0.0.1:{port}", "--grpc-urls", $"http://127.0.0.1:{FreePort.Next()}") with { Name = "sidecar " + name }));
                    cluster.Sidecars.Add(new SidecarProbe("sidecar-" + name, new Uri($"http://127.0.0.1:{port}")));
                }

                foreach (SidecarProbe sidecar in cluster.Sidecars)
                {
                    await Poll.UntilAsync(sidecar.IsReadyAsync, Wait, $"{sidecar.Name} to be ready", TimeSpan.FromMilliseconds(10));
                }

                return cluster;
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }

        public async Task OptOutAsync(string subject, string purpose)
        {
            HttpResponseMessage response = await Requester.PutAsync($"/v1/subjects/{Uri.EscapeDataString(subject)}/optouts/{purpose}", null);
            response.EnsureSuccessStatusCode();
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enforced").GetBoolean().ShouldBeTrue();
        }

        /// <summary>Requests with the first admin, approves with the second; returns the id once the approval is enforced.</summary>
        public async Task<string> ApproveAsync(object request)
        {
            JsonElement approved = await Admins.RequestAndApproveAsync(request);
            approved.GetProperty("enforced").GetBoolean().ShouldBeTrue();
            return approved.GetProperty("id").GetString()!;
        }

        /// <summary>Sidecars honor an approved override from their next lease grant; polls until each does.</summary>
        public async Task UntilAllAnswerAsync(string subject, string reason)
        {
            foreach (SidecarProbe sidecar in Sidecars)
            {
                await Poll.UntilAsync(async ct => await sidecar.CheckAsync(subject, Purpose, ct) == reason, Wait, $"{sidecar.Name} to answer {reason}", TimeSpan.FromMilliseconds(10));
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (SidecarProbe sidecar in Sidecars)
            {
                sidecar.Dispose();
            }

            foreach (ChildProcess process in SidecarProcesses)
            {
                await process.DisposeAsync();
            }

            Admins?.Dispose();
            Requester.Dispose();
            await _registry.DisposeAsync();
            _data.Dispose();
        }

        private static HttpClient Client(int port, string key)
        {
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return client;
        }
    }
}
