using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.Sqlite;

/// <summary>The WAL checkpoint policy: checkpoints happen beside the writer, the WAL stays bounded, nothing is lost.</summary>
public sealed class CheckpointTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AppendAsync_PastPassivePages_CheckpointerRunsAPassiveCheckpoint()
    {
        var policy = new SqliteCheckpointPolicy(PassivePages: 64, RestartPages: 100_000, Idle: TimeSpan.FromMinutes(10), WalSizeLimitBytes: 0);
        await using var store = new SqliteLedgerStore(_directory.Combine("heed.db"), policy);
        await store.InitializeAsync(Ct);
        var passive = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Checkpointer!.Checkpointed += (mode, _, done) =>
        {
            if (mode == "PASSIVE" && done > 0)
            {
                passive.TrySetResult(done);
            }
        };

        for (int i = 0; i < 20; i++)
        {
            await store.AppendAsync(Sets(500, $"b{i}-"), Ct);
        }

        int copied = await passive.Task.WaitAsync(Timeout, Ct);
        copied.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task AppendAsync_ThenIdle_WalTruncatedToEmptyAndDataIntactAfterReopen()
    {
        var policy = new SqliteCheckpointPolicy(PassivePages: 64, RestartPages: 256, Idle: TimeSpan.FromMilliseconds(200), WalSizeLimitBytes: 256 * 1024);
        string path = _directory.Combine("heed.db");
        var truncated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long largestWal = 0;
        await using (var store = new SqliteLedgerStore(path, policy))
        {
            await store.InitializeAsync(Ct);
            for (int i = 0; i < 60; i++)
            {
                await store.AppendAsync(Sets(500, $"b{i}-"), Ct);
                largestWal = Math.Max(largestWal, new FileInfo(path + "-wal").Length);
            }

            // Subscribed only now: the truncation that counts is the one after the last write.
            store.Checkpointer!.Checkpointed += (mode, log, _) =>
            {
                if (mode == "TRUNCATE" && log == 0)
                {
                    truncated.TrySetResult();
                }
            };

            await truncated.Task.WaitAsync(Timeout, Ct);
            new FileInfo(path + "-wal").Length.ShouldBe(0);
        }

        // 30,000 entries wrote far more than the bound; RESTART and the size limit kept the file small.
        largestWal.ShouldBeLessThan(16L * 1024 * 1024);
        await using SqliteLedgerStore reopened = await SqliteLedgerStore.OpenAsync(_directory.Path, Ct);
        (await reopened.GetHeadAsync(Ct)).ShouldBe(30_000);
        (await LedgerChainVerifier.VerifyAsync(reopened, cancellationToken: Ct)).ShouldBeNull();
    }

    [Fact]
    public void Constructor_InvalidPolicy_ThrowsWithEveryError()
    {
        var policy = new SqliteCheckpointPolicy(PassivePages: 0, RestartPages: -1, Idle: TimeSpan.Zero, WalSizeLimitBytes: -5);

        ArgumentException error = Should.Throw<ArgumentException>(() => new SqliteLedgerStore(_directory.Combine("heed.db"), policy));

        error.Message.ShouldContain("PassivePages");
        error.Message.ShouldContain("RestartPages");
        error.Message.ShouldContain("Idle");
        error.Message.ShouldContain("WalSizeLimitBytes");
    }
}
