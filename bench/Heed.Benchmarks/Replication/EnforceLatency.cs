using System.Diagnostics;
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

        using HttpClient client = WriteLatency.Client(cluster.Registry.Endpoints.HttpUrl, cluster.Key);
        var latency = new WriteLatency();
        await latency.RunAsync(client, writes);
        Console.WriteLine($"write -> enforced everywhere, {replicas} SDK replicas, {writes} sequential writes over HTTP");
        Console.WriteLine(latency.Summary());
        return latency.NotEnforced == 0 ? 0 : 1;
    }
}
