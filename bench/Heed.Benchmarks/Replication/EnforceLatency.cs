using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HdrHistogram;
using Heed.Client;

namespace Heed.Benchmarks.Replication;

/// <summary>
/// Write → enforced everywhere (docs/benchmarks.md): sequential opt-out writes through HTTP while N SDK replicas
/// hold leases; each write's latency runs from sending the PUT to its answer with <c>enforced: true</c>.
/// Usage: <c>enforce [replicas=8] [writes=2000]</c>.
/// </summary>
internal static class EnforceLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        int replicas = args.Length > 1 ? int.Parse(args[1]) : 8;
        int writes = args.Length > 2 ? int.Parse(args[2]) : 2000;
        await using BenchCluster cluster = await BenchCluster.StartAsync();
        var enforcers = new List<IHeedEnforcer>();
        for (int i = 0; i < replicas; i++)
        {
            enforcers.Add(await cluster.AddReplicaAsync("bench-" + i));
        }

        var ready = Stopwatch.StartNew();
        while (!enforcers.All(e => e.IsFresh))
        {
            if (ready.Elapsed > TimeSpan.FromSeconds(60))
            {
                Console.Error.WriteLine("replicas did not become fresh");
                return 1;
            }

            await Task.Delay(10);
        }

        using var client = new HttpClient { BaseAddress = new Uri(cluster.Registry.Endpoints.HttpUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cluster.Key);
        var histogram = new LongHistogram(TimeStamp.Seconds(10), 3);
        int notEnforced = 0;
        for (int i = -200; i < writes; i++)
        {
            long start = Stopwatch.GetTimestamp();
            using HttpResponseMessage response = await client.PutAsync($"/v1/subjects/user:lat-{i + 200}/optouts/marketing", null);
            JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
            long elapsed = Stopwatch.GetTimestamp() - start;
            if (i < 0)
            {
                continue; // warm-up
            }

            if (!body.GetProperty("enforced").GetBoolean())
            {
                notEnforced++;
            }

            histogram.RecordValue(elapsed);
        }

        double Ms(double percentile) => histogram.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
        Console.WriteLine($"write -> enforced everywhere, {replicas} SDK replicas, {writes} sequential writes over HTTP");
        Console.WriteLine($"p50 {Ms(50):0.000} ms  p90 {Ms(90):0.000} ms  p99 {Ms(99):0.000} ms  p99.9 {Ms(99.9):0.000} ms  max {histogram.GetMaxValue() * 1000.0 / Stopwatch.Frequency:0.000} ms  not enforced {notEnforced}");
        return notEnforced == 0 ? 0 : 1;
    }
}
