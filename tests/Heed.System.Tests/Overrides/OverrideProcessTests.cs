using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.System.Tests.Replication;
using Heed.Testing.Cli;
using Heed.Testing.Http;
using Heed.Testing.Network;
using Heed.Testing.Overrides;
using Heed.Testing.Polling;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.System.Tests.Overrides;

/// <summary>
/// Overrides across real processes (docs/overrides.md): a registry and sidecars of one service. Once a revocation
/// is acknowledged no sidecar allows, even one that was paused through it; an override that ended allows nothing,
/// even on a sidecar paused past its end that still holds a lease; and override decisions are counted per
/// enforcement point.
/// </summary>
public sealed class OverrideProcessTests
{
    private const string Service = "svc-override";
    private const string Purpose = "marketing.communications.email";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Revoke_AcknowledgedWhileASidecarIsPaused_NoSidecarAllowsAfterwards()
    {
        // Arrange: two sidecars honor an approved override for an opted-out subject.
        await using Cluster cluster = await Cluster.StartAsync(TimeSpan.FromMilliseconds(500), sidecars: 2);
        const string subject = "user:override-revoke";
        await cluster.OptOutAsync(subject);
        string id = await cluster.ApprovedOverrideAsync("30m");
        foreach (Cluster.Sidecar sidecar in cluster.Sidecars)
        {
            await Poll.UntilAsync(async ct => await sidecar.Probe.CheckAsync(subject, Purpose, ct) == "override", Wait, sidecar.Probe.Name + " to honor the override", TimeSpan.FromMilliseconds(10));
        }

        Cluster.Sidecar paused = cluster.Sidecars[1];
        paused.Process.Pause();

        // Act
        JsonElement revoked = await cluster.Admins.RevokeAsync(id);

        // Assert: the revocation is acknowledged (the paused sidecar's lease ran out), and from then on no answer
        // of any sidecar is an allow, the paused one's included once it runs again.
        revoked.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        (await cluster.Sidecars[0].Probe.CheckAsync(subject, Purpose, CancellationToken.None)).ShouldBe("opted_out");
        paused.Process.Resume();
        var answers = new List<string>();
        await Poll.UntilAsync(async ct =>
        {
            answers.Add(await paused.Probe.CheckAsync(subject, Purpose, ct));
            return answers[^1] == "opted_out";
        }, Wait, "the resumed sidecar to answer from its replica again", TimeSpan.FromMilliseconds(5));
        answers.ShouldAllBe(a => a == "unconfirmed" || a == "opted_out", "a resumed sidecar never honors a revoked override");
        (await cluster.GetAsync($"/v1/overrides/{id}")).GetProperty("state").GetString().ShouldBe("revoked");
    }

    [Fact]
    public async Task Override_SidecarPausedPastItsEnd_AllowsNothingOnResume()
    {
        // Arrange: a lease (8 s) longer than the override (3 s), so the paused sidecar still holds a lease when it
        // resumes after the override's end: only its own clock can end the override.
        await using Cluster cluster = await Cluster.StartAsync(TimeSpan.FromSeconds(8), sidecars: 1);
        const string subject = "user:override-expiry";
        await cluster.OptOutAsync(subject);
        string id = await cluster.ApprovedOverrideAsync("3s");
        Cluster.Sidecar sidecar = cluster.Sidecars[0];
        await Poll.UntilAsync(async ct => await sidecar.Probe.CheckAsync(subject, Purpose, ct) == "override", Wait, "the sidecar to honor the override", TimeSpan.FromMilliseconds(10));

        // Act: pause it until the registry says the override has ended, then resume.
        sidecar.Process.Pause();
        await Poll.UntilAsync(async ct => (await cluster.GetAsync($"/v1/overrides/{id}", ct)).GetProperty("state").GetString() == "expired", Wait, "the override to end", TimeSpan.FromMilliseconds(50));
        sidecar.Process.Resume();
        string first = await sidecar.Probe.CheckAsync(subject, Purpose, CancellationToken.None);
        bool ready = await sidecar.Probe.IsReadyAsync(CancellationToken.None);

        // Assert: the first answer after the resume already denies; the sidecar still held its lease.
        first.ShouldBe("opted_out");
        ready.ShouldBeTrue("the lease outlived the override, so only the override's own end denied");
    }

    [Fact]
    public async Task OverrideDecisions_CarryTheIdAndAreCountedPerEnforcementPoint()
    {
        // Arrange
        await using Cluster cluster = await Cluster.StartAsync(TimeSpan.FromMilliseconds(500), sidecars: 2);
        const string subject = "user:override-count";
        await cluster.OptOutAsync(subject);
        string id = await cluster.ApprovedOverrideAsync("30m");
        Cluster.Sidecar busy = cluster.Sidecars[0];
        await Poll.UntilAsync(async ct => await busy.Probe.CheckAsync(subject, Purpose, ct) == "override", Wait, "the sidecar to honor the override", TimeSpan.FromMilliseconds(10));

        // Act: 25 more checks on one sidecar, none on the other.
        var answers = new List<JsonElement>();
        for (int i = 0; i < 25; i++)
        {
            answers.Add(await busy.CheckAsync(subject));
        }

        JsonElement decisions = default;
        await Poll.UntilAsync(async ct =>
        {
            decisions = (await cluster.GetAsync($"/v1/overrides/{id}", ct)).GetProperty("decisions");
            return decisions.GetProperty("total").GetInt64() >= 26;
        }, Wait, "the counts to reach the registry with a lease request", TimeSpan.FromMilliseconds(50));
        JsonElement points = await cluster.GetAsync("/v1/enforcement-points");

        // Assert: every answer names the override; the counts are the one sidecar's, under its replica id.
        answers.ShouldAllBe(a => a.GetProperty("allowed").GetBoolean() && a.GetProperty("reason").GetString() == "override" && a.GetProperty("overrideId").GetString() == id);
        var counted = decisions.GetProperty("byEnforcementPoint").EnumerateObject().Where(p => p.Value.GetInt64() > 0).ToList();
        counted.Count.ShouldBe(1, "only one sidecar made override decisions");
        counted[0].Value.GetInt64().ShouldBe(decisions.GetProperty("total").GetInt64());
        points.GetProperty("enforcementPoints").EnumerateArray().Select(p => p.GetProperty("id").GetString()).ShouldContain(counted[0].Name);
    }

    /// <summary>A registry with two admin keys (requester and approver) and sidecars of one service.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private readonly TempDirectory _data;
        private readonly ChildProcess _registry;
        private readonly HttpClient _http;

        private Cluster(TempDirectory data, ChildProcess registry, HttpClient http, OverrideAdmins admins)
        {
            _data = data;
            _registry = registry;
            _http = http;
            Admins = admins;
        }

        /// <summary>The requester (the seeded admin) and a second admin who approves.</summary>
        public OverrideAdmins Admins { get; }

        public List<Sidecar> Sidecars { get; } = [];

        public static async Task<Cluster> StartAsync(TimeSpan lease, int sidecars)
        {
            TempDirectory data = TempDirectory.Create("heed-override-");
            string admin = "override-admin-" + Guid.NewGuid().ToString("N");
            int httpPort = FreePort.Next();
            int grpcPort = FreePort.Next();
            // A write waits up to a lease for replicas (and for a lease after the start), so the acknowledgement
            // timeout is well above the longest lease these tests use.
            ChildProcess registry = ChildProcess.Start(HeedCli.Serve(data.FullPath, httpPort, admin, grpcPort) with
            {
                Environment = new Dictionary<string, string?>
                {
                    ["HEED_ADMIN_KEY"] = admin,
                    ["Heed__Lease"] = lease.ToString(),
                    ["Heed__Heartbeat"] = TimeSpan.FromMilliseconds(50).ToString(),
                    ["Heed__AckTimeout"] = TimeSpan.FromSeconds(60).ToString(),
                },
            });
            await WaitFor.HttpOkAsync(new Uri($"http://127.0.0.1:{httpPort}/healthz"), Wait, registry);
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            var cluster = new Cluster(data, registry, http, await OverrideAdmins.CreateAsync(http));
            for (int i = 0; i < sidecars; i++)
            {
                int port = FreePort.Next();
                ChildProcess process = ChildProcess.Start(HeedCli.Command(
                    "sidecar", "--registry", $"http://127.0.0.1:{grpcPort}", "--key", admin, "--service", Service,
                    "--urls", $"http://127.0.0.1:{port}", "--grpc-urls", $"http://127.0.0.1:{FreePort.Next()}") with { Name = $"sidecar {i}" });
                var sidecar = new Sidecar(process, new SidecarProbe($"sidecar-{i}", new Uri($"http://127.0.0.1:{port}")), new Uri($"http://127.0.0.1:{port}"));
                cluster.Sidecars.Add(sidecar);
                await Poll.UntilAsync(sidecar.Probe.IsReadyAsync, Wait, sidecar.Probe.Name + " to be ready", TimeSpan.FromMilliseconds(10));
            }

            return cluster;
        }

        public async Task OptOutAsync(string subject)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/subjects/{subject}/optouts/{Purpose}");
            using HttpResponseMessage response = await _http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("enforced").GetBoolean().ShouldBeTrue();
        }

        /// <summary>Requested by one admin, approved by the other: the override id.</summary>
        public async Task<string> ApprovedOverrideAsync(string ttl)
        {
            JsonElement approved = await Admins.RequestAndApproveAsync(new { service = Service, purposes = new[] { "marketing" }, ttl, reason = "incident 42: replay of a lost campaign" });
            approved.GetProperty("enforced").GetBoolean().ShouldBeTrue();
            return approved.GetProperty("id").GetString()!;
        }

        public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken = default)
        {
            using HttpResponseMessage response = await _http.GetAsync(path, cancellationToken);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (Sidecar sidecar in Sidecars)
            {
                sidecar.Probe.Dispose();
                await sidecar.Process.DisposeAsync();
            }

            await _registry.DisposeAsync();
            Admins.Dispose();
            _http.Dispose();
            _data.Dispose();
        }

        public sealed record Sidecar(ChildProcess Process, SidecarProbe Probe, Uri Url)
        {
            private static readonly HttpClient Raw = new() { Timeout = TimeSpan.FromSeconds(30) };

            /// <summary>The whole check answer, not only its reason.</summary>
            public async Task<JsonElement> CheckAsync(string subject)
            {
                using HttpResponseMessage response = await Raw.PostAsJsonAsync(new Uri(Url, "/v1/check"), new { subject, purpose = Purpose });
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }
        }
    }
}
