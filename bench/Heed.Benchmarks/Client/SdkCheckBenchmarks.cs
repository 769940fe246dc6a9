using BenchmarkDotNet.Attributes;
using Heed.Benchmarks.Check;
using Heed.Client;
using Heed.Client.Enforcement;
using Heed.Core.Decisions;
using Heed.Core.Purposes;
using Heed.Core.Replicas;

namespace Heed.Benchmarks.Client;

/// <summary>
/// The SDK's <see cref="IHeedEnforcer.Check"/> with a live lease over 10M records and uniform random
/// subjects, beside the bare <see cref="ReplicaState.Check(ReadOnlySpan{char}, ReadOnlySpan{char})"/> it
/// wraps: the SDK may add one volatile read and an interface call, and no allocation.
/// </summary>
[MemoryDiagnoser]
public class SdkCheckBenchmarks
{
    public const int Batch = 1024;

    private static readonly string[] Purposes =
    [
        "marketing.communications.email",
        "analytics.reporting",
        "marketing",
        "third_party_sharing.sale",
    ];

    private IHeedEnforcer _enforcer = null!;
    private ReplicaState _state = null!;
    private string[] _subjects = [];
    private int _next;

    [Params(10_000_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var enforcer = new HeedEnforcer(TimeProvider.System, 0.1, TimeSpan.FromMilliseconds(50), DefaultTaxonomy.Create());
        CheckData.Fill(enforcer.Replica.Table, Records, enforcer.Replica.Taxonomy);
        enforcer.Lease.Grant(TimeProvider.System.GetTimestamp(), TimeSpan.FromDays(1), requiredLsn: 0);
        _enforcer = enforcer;
        _state = enforcer.Replica;
        _subjects = CheckData.RandomIds(Records, CheckData.PoolSize).Select(CheckData.SubjectOf).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int BareReplicaState()
    {
        ReplicaState state = _state;
        int denied = 0;
        for (int i = 0; i < Batch; i++)
        {
            denied += state.Check(NextSubject(), Purposes[i & 3]).Reason == DecisionReason.OptedOut ? 1 : 0;
        }

        return denied;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int SdkEnforcer()
    {
        IHeedEnforcer enforcer = _enforcer;
        int denied = 0;
        for (int i = 0; i < Batch; i++)
        {
            denied += enforcer.Check(NextSubject(), Purposes[i & 3]).Reason == DecisionReason.OptedOut ? 1 : 0;
        }

        return denied;
    }

    private string NextSubject()
    {
        string subject = _subjects[_next];
        _next = _next + 1 == _subjects.Length ? 0 : _next + 1;
        return subject;
    }
}
