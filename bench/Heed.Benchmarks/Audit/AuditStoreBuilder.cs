using System.Diagnostics;
using System.Globalization;
using Heed.Benchmarks.Storage;
using Heed.Registry.Audit;
using Heed.Storage.Audit;
using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;

namespace Heed.Benchmarks.Audit;

/// <summary>
/// Builds a data directory for timing <c>heed audit verify --data</c> (bench/audit-verify.sh, docs/benchmarks.md):
/// COUNT opt-out entries appended through the store API in batches, the registry's audit key, and a signed checkpoint
/// of the whole tree kept in the store, as a registry leaves them.
/// Usage: <c>audit-store DIRECTORY [count=1000000]</c>.
/// </summary>
internal static class AuditStoreBuilder
{
    private const int Batch = 10_000;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: audit-store DIRECTORY [count=1000000]");
            return 2;
        }

        string directory = args[1];
        long count = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
        var clock = Stopwatch.StartNew();
        await using SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(directory);
        long head = await store.GetHeadAsync();
        DateTimeOffset at = DateTimeOffset.UtcNow;
        var batch = new List<NewEntry>(Batch);
        for (long n = head + 1; n <= count; n++)
        {
            batch.Add(BenchmarkEntries.OptOut(n, at));
            if (batch.Count == Batch || n == count)
            {
                await store.AppendAsync(batch);
                batch.Clear();
            }
        }

        string origin = Checkpoint.OriginOf(await store.GetLedgerIdAsync());
        using NoteSigner signer = AuditKeyFile.LoadOrCreate(directory, origin);
        MerkleTree tree = await LedgerTree.BuildAsync(store);
        var checkpoint = new Checkpoint(origin, tree.Count, tree.Root(tree.Count));
        await store.SaveCheckpointAsync(checkpoint.Size, signer.Sign(checkpoint.ToText()));
        Console.WriteLine($"built {directory}: {tree.Count} entries and their checkpoint in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }
}
