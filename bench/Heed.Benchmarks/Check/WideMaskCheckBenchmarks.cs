using BenchmarkDotNet.Attributes;
using Heed.Core.Decisions;
using Heed.Core.Leases;
using Heed.Core.Purposes;
using Heed.Core.Replicas;

namespace Heed.Benchmarks.Check;

/// <summary>
/// A check of a subject whose opt-out is beyond word 0 (<see cref="Wide"/>: the AND hits bit 63 and the
/// side words are read) against one whose opt-out is within it (<see cref="Narrow"/>), in a taxonomy of
/// 1,100 more purposes than the default, over tables the size of <see cref="ReplicaCheckBenchmarks"/>'.
/// One record in 64 is wide; each check is a denial, explained by the matched purpose.
/// </summary>
[MemoryDiagnoser]
public class WideMaskCheckBenchmarks
{
    public const int Batch = 1024;
    private const int WideEvery = 64;
    private const string NarrowPurpose = "big.p5";
    private const string WidePurpose = "big.p1099";

    private ReplicaState _state = null!;
    private string[] _narrow = [];
    private string[] _wide = [];
    private int _next;

    [ParamsSource(nameof(RecordCounts))]
    public int Records { get; set; }

    /// <summary>As <see cref="ReplicaCheckBenchmarks.RecordCounts"/>.</summary>
    public static IEnumerable<int> RecordCounts() => ReplicaCheckBenchmarks.RecordCounts();

    [GlobalSetup]
    public void Setup()
    {
        PurposeTaxonomy taxonomy = PurposeTaxonomy.Create([.. DefaultTaxonomy.Leaves, .. Enumerable.Range(0, 1_100).Select(i => "big.p" + i)]);
        taxonomy.TryGet(NarrowPurpose, out Purpose narrow);
        taxonomy.TryGet(WidePurpose, out Purpose wide);
        var lease = new LeaseClock(TimeProvider.System);
        lease.Grant(TimeProvider.System.GetTimestamp(), TimeSpan.FromDays(1), requiredLsn: 0);
        var table = new ReplicaTable();
        table.EnsureCapacity(Records);
        for (int id = 0; id < Records; id++)
        {
            table.Set(CheckData.KeyOf(id), PurposeBits.Of((id % WideEvery == 0 ? wide : narrow).Bit));
        }

        _state = new ReplicaState(taxonomy, lease, table);
        int[] ids = CheckData.RandomIds(Records, CheckData.PoolSize);
        _wide = ids.Select(id => CheckData.SubjectOf(id - (id % WideEvery))).ToArray();
        _narrow = ids.Select(id => CheckData.SubjectOf(id % WideEvery == 0 ? Math.Min(id + 1, Records - 1) : id)).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int Narrow() => Run(_narrow, NarrowPurpose);

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Wide() => Run(_wide, WidePurpose);

    private int Run(string[] subjects, string purpose)
    {
        ReplicaState state = _state;
        int next = _next;
        int denied = 0;
        for (int i = 0; i < Batch; i++)
        {
            denied += state.Check(subjects[next], purpose).Reason == DecisionReason.OptedOut ? 1 : 0;
            if (++next == subjects.Length)
            {
                next = 0;
            }
        }

        _next = next;
        return denied;
    }
}
