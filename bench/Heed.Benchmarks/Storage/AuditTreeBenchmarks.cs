using BenchmarkDotNet.Attributes;
using Heed.Core.Purposes;
using Heed.Registry.Audit;
using Heed.Registry.State;
using Heed.Storage.GroupCommit;
using Heed.Storage.Sqlite;

namespace Heed.Benchmarks.Storage;

/// <summary>
/// What the audit tree costs durable writes (target in docs/benchmarks.md: at most 5% fewer writes/s). The same
/// 64 writers as <see cref="GroupCommitBenchmarks"/>, each waiting for its write to be durable and applied to the
/// registry's state, with or without the registry's <see cref="AuditLog"/> following the commits (and at the end
/// of each invocation waiting until its tree holds them all, so its hashing is inside the time measured).
/// </summary>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
public class AuditTreeBenchmarks
{
    private const int Writers = 64;
    private const int WritesPerWriter = 100;
    private string _directory = null!;
    private SqliteLedgerStore _store = null!;
    private GroupCommitWriter _writer = null!;
    private AuditLog? _audit;
    private long _next;

    [Params(false, true)]
    public bool AuditTree { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = BenchmarkEntries.NewDataDirectory();
        _store = SqliteLedgerStore.OpenAsync(_directory).GetAwaiter().GetResult();
        var state = new RegistryState(DefaultTaxonomy.Create());
        state.LoadAsync(_store, CancellationToken.None).GetAwaiter().GetResult();
        _audit = AuditTree ? AuditLog.OpenAsync(_directory, _store, state, CancellationToken.None).GetAwaiter().GetResult() : null;
        _writer = new GroupCommitWriter(_store, state.Apply);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _audit?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Writers * WritesPerWriter)]
    public async Task SixtyFourWritersThroughGroupCommit()
    {
        var writers = new Task[Writers];
        for (int w = 0; w < Writers; w++)
        {
            writers[w] = Task.Run(WriteAsync);
        }

        await Task.WhenAll(writers);
        if (_audit is not null && !await _audit.CatchUpAsync(TimeSpan.FromMinutes(1), TimeProvider.System, CancellationToken.None))
        {
            throw new InvalidOperationException("the audit tree did not catch up with the writes");
        }
    }

    private async Task WriteAsync()
    {
        for (int i = 0; i < WritesPerWriter; i++)
        {
            await _writer.SubmitAsync([BenchmarkEntries.OptOut(Interlocked.Increment(ref _next), TimeProvider.System.GetUtcNow())]);
        }
    }
}
