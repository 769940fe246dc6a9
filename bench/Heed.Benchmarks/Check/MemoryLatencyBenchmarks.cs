using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Heed.Benchmarks.Check;

/// <summary>
/// The limit a single <see cref="ReplicaCheckBenchmarks.Check"/> is measured against: one DRAM access at a
/// random address of a 256 MB block (the size of a 10M-record table), each load's address read by the one
/// before, so none overlaps. On 4 KB pages (<see cref="HugePages"/> false) most loads also miss the TLB;
/// on 2 MB pages, as the table asks for, they do not. One operation is one dependent load.
/// </summary>
public class MemoryLatencyBenchmarks
{
    public const int Steps = 1024;
    private const long Bytes = 256L << 20;
    private const int LineWords = 64 / sizeof(ulong);

    private ulong[] _next = [];
    private ulong _at;

    [Params(false, true)]
    public bool HugePages { get; set; }

    [GlobalSetup]
    public unsafe void Setup()
    {
        int lines = (int)(Bytes / 64);
        _next = GC.AllocateUninitializedArray<ulong>(lines * LineWords, pinned: true);
        if (HugePages)
        {
            Heed.Core.Replicas.HugePages.Advise((nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_next)), Bytes);
        }

        _next.AsSpan().Clear();

        // One random cycle through every line, so the next address is unpredictable and never in cache.
        int[] order = [.. Enumerable.Range(0, lines)];
        new Random(42).Shuffle(order);
        for (int i = 0; i < lines; i++)
        {
            _next[(long)order[i] * LineWords] = (ulong)order[(i + 1) % lines] * LineWords;
        }

        _at = (ulong)order[0] * LineWords;
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public ulong DependentLoad()
    {
        ref ulong words = ref MemoryMarshal.GetArrayDataReference(_next);
        ulong at = _at;
        for (int i = 0; i < Steps; i++)
        {
            at = Unsafe.Add(ref words, (nint)at);
        }

        _at = at;
        return at;
    }
}
