using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace Heed.Benchmarks.Storage;

/// <summary>
/// Adds operations per second: with <c>OperationsPerInvoke</c> set to the rows (or writes) of one
/// invocation, that column is the rows/s or writes/s that the targets in docs/benchmarks.md speak of.
/// </summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddColumn(StatisticColumn.OperationsPerSecond);

        // The generated runner project is built with the solution's analyzers off but still takes long on
        // a busy 2-core machine; the default two minutes was not always enough.
        WithBuildTimeout(TimeSpan.FromMinutes(10));
    }
}
