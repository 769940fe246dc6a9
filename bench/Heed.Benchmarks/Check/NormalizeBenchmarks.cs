using BenchmarkDotNet.Attributes;
using Heed.Core.Subjects;

namespace Heed.Benchmarks.Check;

/// <summary>The CPU part of a check alone: normalize and hash one subject of each kind.</summary>
[MemoryDiagnoser]
public class NormalizeBenchmarks
{
    [Params("user:123456", "email:Alice.Smith@Example.com", "phone:+1 (555) 123-4567")]
    public string Subject { get; set; } = "";

    [Benchmark]
    public ulong TryHash()
    {
        SubjectHash.TryHash(Subject, out ulong hash);
        return hash;
    }
}
