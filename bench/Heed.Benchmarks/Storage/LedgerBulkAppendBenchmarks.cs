using BenchmarkDotNet.Attributes;
using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;

namespace Heed.Benchmarks.Storage;

/// <summary>
/// Bulk import (target in docs/benchmarks.md): one durable transaction per batch of 10,000 opt-outs of new
/// subjects, as <c>POST /v1/optouts/batch</c> and <c>heed import</c> produce. Op/s is rows per second.
/// </summary>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
public class LedgerBulkAppendBenchmarks
{
    private const int BatchSize = 10_000;
    private readonly NewEntry[] _batch = new NewEntry[BatchSize];
    private string _directory = null!;
    private SqliteLedgerStore _store = null!;
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = BenchmarkEntries.NewDataDirectory();
        _store = SqliteLedgerStore.OpenAsync(_directory).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Builds the batch (new subjects each time, as an import would bring) and appends it.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public Task<IReadOnlyList<LedgerEntry>> AppendBatchOf10000()
    {
        DateTimeOffset at = TimeProvider.System.GetUtcNow();
        for (int i = 0; i < BatchSize; i++)
        {
            _batch[i] = BenchmarkEntries.OptOut(_next++, at);
        }

        return _store.AppendAsync(_batch);
    }
}
