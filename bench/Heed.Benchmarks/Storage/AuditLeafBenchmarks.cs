using BenchmarkDotNet.Attributes;
using Heed.Storage.Audit;
using Heed.Storage.Ledger;

namespace Heed.Benchmarks.Storage;

/// <summary>The audit work per committed entry: its leaf bytes and their hash, the append to the tree, and a root.</summary>
[MemoryDiagnoser]
public class AuditLeafBenchmarks
{
    private const int Appends = 4_096;
    private readonly LedgerEntry _entry = new(1, EntryKinds.OptOutSet, "user:12345", "marketing.communications.email", DateTimeOffset.UnixEpoch, """{"key":"k_abc","source":"bench"}""", new byte[32], new byte[32]);
    private readonly byte[] _leaf = new byte[MerkleHash.Size];
    private MerkleTree _million = null!;

    [GlobalSetup]
    public void Setup()
    {
        _million = new MerkleTree();
        for (int i = 0; i < 1_000_000 - 1; i++)
        {
            _million.Append(_leaf);
        }
    }

    [Benchmark]
    public byte[] LeafHash() => LedgerLeaf.Hash(_entry);

    /// <summary>Appends to a new tree, so the cost includes growing its columns (amortized, as in the registry).</summary>
    [Benchmark(OperationsPerInvoke = Appends)]
    public MerkleTree Append()
    {
        var tree = new MerkleTree();
        for (int i = 0; i < Appends; i++)
        {
            tree.Append(_leaf);
        }

        return tree;
    }

    /// <summary>The root of 999,999 leaves: no complete subtree covers it, the worst case of a checkpoint.</summary>
    [Benchmark]
    public byte[] RootOfAlmostAMillion() => _million.Root(_million.Count);
}
