using BenchmarkDotNet.Attributes;
using Heed.Core.Purposes;
using Heed.Core.Replicas;

namespace Heed.Benchmarks.Check;

/// <summary>The lookup alone: <see cref="ReplicaTable.Get"/> on pre-hashed uniform random keys, of
/// subjects in the table (<see cref="Get"/>) and of subjects that never opted out (<see cref="GetAbsent"/>,
/// the common case in production, which probes to an empty slot).</summary>
[MemoryDiagnoser]
public class ReplicaTableBenchmarks
{
    public const int Batch = 1024;

    private ReplicaTable _table = null!;
    private ulong[] _keys = [];
    private ulong[] _absentKeys = [];
    private int _next;

    [Params(10_000, 1_000_000, 10_000_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = new ReplicaTable();
        CheckData.Fill(_table, Records, DefaultTaxonomy.Create());
        _keys = CheckData.RandomIds(Records, CheckData.PoolSize).Select(CheckData.KeyOf).ToArray();
        _absentKeys = CheckData.RandomIds(Records, CheckData.PoolSize).Select(id => CheckData.KeyOf(Records + id)).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public ulong Get() => GetBatch(_keys);

    [Benchmark(OperationsPerInvoke = Batch)]
    public ulong GetAbsent() => GetBatch(_absentKeys);

    private ulong GetBatch(ulong[] keys)
    {
        ReplicaTable table = _table;
        int next = _next;
        ulong any = 0;
        for (int i = 0; i < Batch; i++)
        {
            any |= table.Get(keys[next]);
            if (++next == keys.Length)
            {
                next = 0;
            }
        }

        _next = next;
        return any;
    }
}
