using BenchmarkDotNet.Attributes;
using Heed.Storage.GroupCommit;
using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;

namespace Heed.Benchmarks.Storage;

/// <summary>
/// Durable single writes (target in docs/benchmarks.md). Each of 64 writers submits one entry,
/// waits until it is durable and applied, and submits the next, as 64 HTTP clients would; the group
/// commit writer folds whatever is waiting into one transaction. The baseline is one writer with one
/// transaction (one fsync) per write. Op/s is acknowledged writes per second.
/// </summary>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
public class GroupCommitBenchmarks
{
    private const int Writers = 64;
    private const int WritesPerWriter = 100;
    private const int SingleWrites = 500;
    private string _directory = null!;
    private SqliteLedgerStore _store = null!;
    private GroupCommitWriter _writer = null!;
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = BenchmarkEntries.NewDataDirectory();
        _store = SqliteLedgerStore.OpenAsync(_directory).GetAwaiter().GetResult();
        _writer = new GroupCommitWriter(_store, static _ => ValueTask.CompletedTask);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SingleWrites)]
    public async Task OneWriterOneTransactionPerWrite()
    {
        for (int i = 0; i < SingleWrites; i++)
        {
            await _store.AppendAsync([BenchmarkEntries.OptOut(Interlocked.Increment(ref _next), TimeProvider.System.GetUtcNow())]);
        }
    }

    [Benchmark(OperationsPerInvoke = Writers * WritesPerWriter)]
    public Task SixtyFourWritersThroughGroupCommit()
    {
        var writers = new Task[Writers];
        for (int w = 0; w < Writers; w++)
        {
            writers[w] = Task.Run(WriteAsync);
        }

        return Task.WhenAll(writers);
    }

    private async Task WriteAsync()
    {
        for (int i = 0; i < WritesPerWriter; i++)
        {
            await _writer.SubmitAsync([BenchmarkEntries.OptOut(Interlocked.Increment(ref _next), TimeProvider.System.GetUtcNow())]);
        }
    }
}
