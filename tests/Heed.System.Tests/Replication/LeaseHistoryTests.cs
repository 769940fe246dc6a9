using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Client;
using Heed.Protocol;
using Heed.Testing.Cli;
using Heed.Testing.Http;
using Heed.Testing.Network;
using Heed.Testing.Polling;
using Heed.Testing.Processes;
using Heed.Testing.Temp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Heed.System.Tests.Replication;

/// <summary>
/// G1 and G2 across real processes: a registry, three sidecars and two in-process SDK replicas, while
/// writers flip opt-outs and checkers hit every replica. A sidecar is paused past its lease, one is
/// killed and restarted, one has its stream cut, and the registry is killed and restarted. Then the
/// recorded history is checked.
/// </summary>
public sealed class LeaseHistoryTests
{
    private const string Purpose = "marketing.communications.email";
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(60);
    private static readonly string[] Subjects = [.. Enumerable.Range(0, 200).Select(i => $"user:g1-{i}")];

    [Fact]
    public async Task Replicas_UnderPauseKillCutAndRegistryRestart_NeverLeakAndFailClosed()
    {
        // Arrange: the registry, three sidecars (C through a proxy we can cut) and two SDK replicas.
        using TempDirectory data = TempDirectory.Create("heed-g1-");
        string key = "g1-admin-" + Guid.NewGuid().ToString("N");
        int httpPort = FreePort.Next();
        int grpcPort = FreePort.Next();
        var registryUrl = new Uri($"http://127.0.0.1:{httpPort}");
        string grpcUrl = $"http://127.0.0.1:{grpcPort}";
        await using var proxy = new TcpProxy(grpcPort);
        var registry = new Holder(StartRegistry(data.FullPath, httpPort, grpcPort, key));
        await WaitFor.HttpOkAsync(new Uri(registryUrl, "/healthz"), Ready, registry.Process);

        var sidecars = new Dictionary<string, (ChildProcessOptions Options, SidecarProbe Probe, Holder Holder)>();
        foreach ((string name, string upstream) in new[] { ("a", grpcUrl), ("b", grpcUrl), ("c", $"http://127.0.0.1:{proxy.Port}") })
        {
            int port = FreePort.Next();
            ChildProcessOptions options = HeedCli.Command("sidecar", "--registry", upstream, "--key", key, "--service", "svc-" + name,
                "--urls", $"http://127.0.0.1:{port}", "--grpc-urls", $"http://127.0.0.1:{FreePort.Next()}") with { Name = "sidecar " + name };
            sidecars[name] = (options, new SidecarProbe("sidecar-" + name, new Uri($"http://127.0.0.1:{port}")), new Holder(ChildProcess.Start(options)));
        }

        using IHost sdk1 = await StartSdkAsync(grpcUrl, key, "sdk-1");
        using IHost sdk2 = await StartSdkAsync(grpcUrl, key, "sdk-2");
        var sdkProbes = new[] { new SdkProbe("sdk-1", sdk1.Services.GetRequiredService<IHeedEnforcer>()), new SdkProbe("sdk-2", sdk2.Services.GetRequiredService<IHeedEnforcer>()) };
        IReplicaProbe[] probes = [.. sidecars.Values.Select(s => (IReplicaProbe)s.Probe), .. sdkProbes];
        await AllReadyAsync(sidecars.Values.Select(s => s.Probe), sdkProbes);

        var history = new History();
        using var stop = new CancellationTokenSource();
        using HttpClient writerClient = Client(registryUrl, key);
        Task[] writers = [.. Enumerable.Range(0, 4).Select(i => WriteLoopAsync(writerClient, history, registry, new Random(i), stop.Token))];
        Task[] checkers =
        [
            .. sidecars.Values.SelectMany(s => Enumerable.Range(0, 2).Select(i => CheckLoopAsync(s.Probe, history, new Random(100 + i), paced: false, stop.Token))),
            .. sdkProbes.Select((p, i) => CheckLoopAsync(p, history, new Random(200 + i), paced: true, stop.Token)),
        ];

        // Act: faults one after another, each waiting for the event that shows it took effect.
        await WaitForAsync(() => history.Acknowledged >= 150, "150 acknowledged flips before faults");

        Holder a = sidecars["a"].Holder;
        a.Process.Pause();
        await WaitForAsync(async () => await LeaseStateAsync(writerClient, "svc-a") == "expired", "the registry to see sidecar a's lease expire");
        int before = history.Acknowledged;
        await WaitForAsync(() => history.Acknowledged >= before + 50, "flips acknowledged while sidecar a is paused");
        a.Process.Resume();
        await WaitForAsync(() => sidecars["a"].Probe.IsReadyAsync(stop.Token), "sidecar a to be ready after resume");

        Holder b = sidecars["b"].Holder;
        b.Process.Kill();
        await b.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        before = history.Acknowledged;
        await WaitForAsync(() => history.Acknowledged >= before + 50, "flips acknowledged while sidecar b is dead");
        await b.Process.DisposeAsync();
        b.Process = ChildProcess.Start(sidecars["b"].Options);
        await WaitForAsync(() => sidecars["b"].Probe.IsReadyAsync(stop.Token), "sidecar b to be ready after restart");

        int acceptedBefore = proxy.Accepted;
        proxy.CutAll().ShouldBeGreaterThan(0);
        await WaitForAsync(() => proxy.Accepted > acceptedBefore, "sidecar c to reconnect after its stream was cut");
        await WaitForAsync(() => sidecars["c"].Probe.IsReadyAsync(stop.Token), "sidecar c to be ready after the cut");

        before = history.Acknowledged;
        await WaitForAsync(() => history.Acknowledged >= before + 50, "flips before the registry is killed");
        registry.Process.Kill();
        long registryDiedAt = History.Now;
        await registry.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await WaitForAsync(async () => !(await Task.WhenAll(sidecars.Values.Select(s => s.Probe.IsReadyAsync(stop.Token)))).Any(r => r), "every sidecar to lose its lease");
        await WaitForAsync(() => sdkProbes.All(p => !p.Enforcer.IsFresh), "every SDK replica to lose its lease");
        // The blind checks counted below are those that start a whole lease after the death. Replicas give up
        // their leases a little earlier (the drift margin), and on an idle machine thousands of checks fit in
        // that margin, so count from the moment a lease has passed, not from when the leases were lost.
        long leaseTicks = (long)(Lease.TotalSeconds * Stopwatch.Frequency);
        await WaitForAsync(() => History.Now > registryDiedAt + leaseTicks, "a whole lease to pass since the registry died");
        int checksWhileDown = history.Checks.Count;
        await WaitForAsync(() => history.Checks.Count >= checksWhileDown + 2_000, "checks against replicas without a lease");
        long registryBackAt = History.Now;
        await registry.Process.DisposeAsync();
        // The incarnation moves on before the new process can answer, so a write labelled with the old one
        // was sent while the old process was dead or dying.
        registry.Restarted(StartRegistry(data.FullPath, httpPort, grpcPort, key));
        await WaitFor.HttpOkAsync(new Uri(registryUrl, "/healthz"), Ready, registry.Process);
        await AllReadyAsync(sidecars.Values.Select(s => s.Probe), sdkProbes);
        long recoveredAt = History.Now;

        before = history.Acknowledged;
        await WaitForAsync(() => history.Acknowledged >= Math.Max(1_000, before + 200) && history.Checks.Count >= 100_000, "1,000 flips and 100,000 checks in all");
        await stop.CancelAsync();
        await Task.WhenAll([.. writers, .. checkers]);
        JsonElement points = await writerClient.GetFromJsonAsync<JsonElement>("/v1/enforcement-points");

        // The child processes go whether or not an assertion fails, so a failed run leaves nothing running.
        try
        {
            // Assert
            IReadOnlyList<string> violations = HistoryChecker.FindViolations(history.Writes, history.Checks);
            violations.ShouldBeEmpty($"{violations.Count} G1 violations, e.g. {string.Join("; ", violations.Take(5))}");

            history.Refused.ShouldBeEmpty($"a live registry or sidecar answered an error, e.g. {string.Join("; ", history.Refused.Take(5))}");
            var acknowledged = history.Writes.Where(w => w.AnsweredAt is not null).ToList();
            acknowledged.ShouldAllBe(w => w.Enforced, "every answered write was enforced everywhere");
            history.Writes.Count(w => w.AnsweredAt is null).ShouldBeLessThan(history.Writes.Count / 10, "unknown outcomes come only from the registry's death");

            // The protocol's evidence, from the registry's own record of each write (enforcedAt − receivedAt, no
            // client-side queueing): a write waits for a lease to run out only while a replica stops answering
            // or the registry has just restarted, so most are acknowledged well inside one lease. The upper
            // bound (a lease after a restart plus a lease for a replica that stops answering, plus a generous
            // margin for six processes on a shared machine) is a sanity bound only.
            var delays = history.EnforcementDelays.Order().ToList();
            delays.ShouldNotBeEmpty();
            delays[delays.Count / 2].ShouldBeLessThan(Lease, "the median write is acknowledged by the replicas, not by lease expiry");
            delays[^1].ShouldBeLessThan(2 * Lease + TimeSpan.FromSeconds(5), "enforcedAt − receivedAt stays near the lease bound");

            var blind = history.Checks.Where(c => c.StartedAt > registryDiedAt + leaseTicks && c.EndedAt < registryBackAt).ToList();
            blind.ShouldNotBeEmpty("checks ran while the registry was down");
            blind.ShouldAllBe(c => c.Reason == "unconfirmed", "a replica past its lease answers unconfirmed (G2)");

            foreach (IReplicaProbe probe in probes)
            {
                history.Checks.Any(c => c.Replica == probe.Name && c.StartedAt > recoveredAt && c.Reason != "unconfirmed")
                    .ShouldBeTrue($"{probe.Name} answered from a fresh replica after recovery");
            }

            history.Acknowledged.ShouldBeGreaterThanOrEqualTo(1_000);
            history.Checks.Count.ShouldBeGreaterThanOrEqualTo(100_000);
            points.GetProperty("enforcementPoints").EnumerateArray().Count(p => p.GetProperty("connected").GetBoolean() && p.GetProperty("lease").GetString() == "valid")
                .ShouldBeGreaterThanOrEqualTo(probes.Length);
        }
        finally
        {
            foreach (var s in sidecars.Values)
            {
                s.Probe.Dispose();
                await s.Holder.Process.DisposeAsync();
            }

            await registry.Process.DisposeAsync();
        }
    }

    private static ChildProcess StartRegistry(string data, int httpPort, int grpcPort, string key) =>
        LeasedRegistry.Start(data, httpPort, grpcPort, key, Lease);

    private static Task<IHost> StartSdkAsync(string grpcUrl, string key, string service) => SdkReplica.StartAsync(grpcUrl, key, service);

    private static async Task AllReadyAsync(IEnumerable<SidecarProbe> sidecars, IEnumerable<SdkProbe> sdks)
    {
        foreach (SidecarProbe sidecar in sidecars)
        {
            await WaitForAsync(() => sidecar.IsReadyAsync(CancellationToken.None), sidecar.Name + " to be ready");
        }

        foreach (SdkProbe sdk in sdks)
        {
            await WaitForAsync(() => sdk.Enforcer.IsFresh, sdk.Name + " to hold a lease");
        }
    }

    private static async Task WriteLoopAsync(HttpClient client, History history, Holder registry, Random random, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            string subject = Subjects[random.Next(Subjects.Length)];
            bool optOut = random.Next(2) == 0;
            int incarnation = registry.Incarnation;
            long started = History.Now;
            try
            {
                using var request = new HttpRequestMessage(optOut ? HttpMethod.Put : HttpMethod.Delete, $"/v1/subjects/{subject}/optouts/{Purpose}");
                using HttpResponseMessage response = await client.SendAsync(request, stop);
                long answered = History.Now;
                if (!response.IsSuccessStatusCode)
                {
                    // A live registry refused or failed the write: that is a finding, never an unknown outcome.
                    history.Refuse($"{(optOut ? "PUT" : "DELETE")} {subject}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop)}");
                    continue;
                }

                JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>(stop);
                bool enforced = body.GetProperty("enforced").GetBoolean();
                history.Add(new WriteRecord(subject, optOut, started, answered, body.GetProperty("lsn").GetInt64(), enforced, incarnation));
                if (enforced)
                {
                    history.AddEnforcementDelay(body.GetProperty("enforcedAt").GetDateTimeOffset() - body.GetProperty("receivedAt").GetDateTimeOffset());
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or TaskCanceledException)
            {
                // Unknown outcome (the registry died): recorded without an answer, it may still have committed.
                history.Add(new WriteRecord(subject, optOut, started, null, 0, false, incarnation));
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                await Poll.UntilAsync(async ct => await Reachable(client, ct), TimeSpan.FromSeconds(120), "the registry to answer again", TimeSpan.FromMilliseconds(20), stop);
            }
        }
    }

    private static async Task<bool> Reachable(HttpClient client, CancellationToken ct)
    {
        try
        {
            using HttpResponseMessage response = await client.GetAsync("/healthz", ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task CheckLoopAsync(IReplicaProbe probe, History history, Random random, bool paced, CancellationToken stop)
    {
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        while (!stop.IsCancellationRequested)
        {
            string subject = Subjects[random.Next(Subjects.Length)];
            long started = History.Now;
            try
            {
                string reason = await probe.CheckAsync(subject, Purpose, stop);
                if (reason.StartsWith("http ", StringComparison.Ordinal))
                {
                    history.Refuse($"{probe.Name} check of {subject}: {reason}");
                    continue;
                }

                history.Add(new CheckRecord(probe.Name, subject, started, History.Now, reason));
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                // A dead or paused sidecar: no answer is no allow.
                if (stop.IsCancellationRequested)
                {
                    return;
                }
            }

            if (paced && history.Checks.Count % 4 == 0)
            {
                await pace.WaitForNextTickAsync(stop).AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private static async Task<string?> LeaseStateAsync(HttpClient client, string service)
    {
        JsonElement points = await client.GetFromJsonAsync<JsonElement>("/v1/enforcement-points");
        return points.GetProperty("enforcementPoints").EnumerateArray()
            .Where(p => p.GetProperty("service").GetString() == service)
            .Select(p => p.GetProperty("lease").GetString())
            .LastOrDefault();
    }

    private static Task WaitForAsync(Func<bool> condition, string what) =>
        WaitForAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        await Poll.UntilAsync(async _ => await condition(), TimeSpan.FromSeconds(120), what, TimeSpan.FromMilliseconds(10));
    }

    private static HttpClient Client(Uri baseAddress, string key)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A process that faults replace.</summary>
    private sealed class Holder(ChildProcess process)
    {
        public ChildProcess Process { get; set; } = process;

        private int _incarnation = 1;

        /// <summary>Which start of the process this is; writers record it with each write.</summary>
        public int Incarnation => Volatile.Read(ref _incarnation);

        public void Restarted(ChildProcess process)
        {
            Interlocked.Increment(ref _incarnation);
            Process = process;
        }
    }
}
