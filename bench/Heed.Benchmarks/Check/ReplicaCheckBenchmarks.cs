using BenchmarkDotNet.Attributes;
using Heed.Core.Decisions;
using Heed.Core.Leases;
using Heed.Core.Purposes;
using Heed.Core.Replicas;

namespace Heed.Benchmarks.Check;

/// <summary>The in-process check (normalize, hash, look up, AND) over uniform random subjects.
/// One operation is one check; each invocation runs <see cref="Batch"/> of them, one call each
/// (<see cref="Check"/>) or in one <see cref="ReplicaState.CheckMany"/> call.</summary>
[MemoryDiagnoser]
public class ReplicaCheckBenchmarks
{
    public const int Batch = 1024;

    private static readonly string[] Purposes =
    [
        "marketing.communications.email",
        "analytics.reporting",
        "marketing",
        "third_party_sharing.sale",
    ];

    private ReplicaState _state = null!;
    private string[] _subjects = [];
    private CheckRequest[] _requests = [];
    private Decision[] _decisions = [];
    private int _next;

    [ParamsSource(nameof(RecordCounts))]
    public int Records { get; set; }

    /// <summary>10k, 1M and 10M records, or the comma list in <c>HEED_BENCH_RECORDS</c> (bench/run.sh uses 10M only).</summary>
    public static IEnumerable<int> RecordCounts() => CheckData.RecordCounts([10_000, 1_000_000, 10_000_000]);

    [GlobalSetup]
    public void Setup()
    {
        PurposeTaxonomy taxonomy = DefaultTaxonomy.Create();
        var lease = new LeaseClock(TimeProvider.System);
        lease.Grant(TimeProvider.System.GetTimestamp(), TimeSpan.FromDays(1), requiredLsn: 0);
        var table = new ReplicaTable();
        CheckData.Fill(table, Records, taxonomy);
        _state = new ReplicaState(taxonomy, lease, table);
        _subjects = CheckData.RandomIds(Records, CheckData.PoolSize).Select(CheckData.SubjectOf).ToArray();
        _requests = _subjects.Select((s, i) => new CheckRequest(s, Purposes[i & 3])).ToArray();
        _decisions = new Decision[Batch];
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Check()
    {
        ReplicaState state = _state;
        string[] subjects = _subjects;
        int next = _next;
        int denied = 0;
        for (int i = 0; i < Batch; i++)
        {
            Decision decision = state.Check(subjects[next], Purposes[i & 3]);
            denied += decision.Reason == DecisionReason.OptedOut ? 1 : 0;
            if (++next == subjects.Length)
            {
                next = 0;
            }
        }

        _next = next;
        return denied;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int CheckMany()
    {
        int next = _next;
        _state.CheckMany(_requests.AsSpan(next, Batch), _decisions);
        _next = next + Batch == _requests.Length ? 0 : next + Batch;
        int denied = 0;
        foreach (Decision decision in _decisions)
        {
            denied += decision.Reason == DecisionReason.OptedOut ? 1 : 0;
        }

        return denied;
    }
}
