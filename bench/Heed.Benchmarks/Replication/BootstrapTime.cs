using System.Diagnostics;
using Heed.Client;
using Heed.Registry.State;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Benchmarks.Replication;

/// <summary>
/// Replica bootstrap (docs/benchmarks.md): a registry whose table holds N subjects, and a new SDK replica that
/// takes the snapshot over real gRPC on loopback until it holds a lease. The table is filled directly
/// (the snapshot path reads only the table), so the measurement is the stream and the replica's load.
/// Usage: <c>bootstrap [records=10000000]</c>.
/// </summary>
internal static class BootstrapTime
{
    public static async Task<int> RunAsync(string[] args)
    {
        int records = args.Length > 1 ? int.Parse(args[1]) : 10_000_000;
        await using BenchCluster cluster = await BenchCluster.StartAsync();
        RegistryState state = cluster.Registry.App.Services.GetRequiredService<RegistryState>();
        var random = new Random(42);
        state.Replica.Table.EnsureCapacity(records);
        for (int i = 0; i < records; i++)
        {
            state.Replica.Table.Set(((ulong)random.NextInt64() << 1) | 1, 1UL << random.Next(1, 20));
        }

        long before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        IHeedEnforcer replica = await cluster.AddReplicaAsync("bootstrap");
        while (!replica.IsFresh || replica.Replica.Table.Count < records)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                Console.Error.WriteLine("the replica did not finish its snapshot");
                return 1;
            }

            await Task.Delay(5);
        }

        clock.Stop();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"bootstrap of {records:N0} records over gRPC: {clock.Elapsed.TotalSeconds:0.00} s until the replica held a lease; table {replica.Replica.Table.Capacity * 16L / (double)records:0.0} bytes/record; process grew {(after - before) / (double)records:0.0} bytes/record");
        return 0;
    }
}
