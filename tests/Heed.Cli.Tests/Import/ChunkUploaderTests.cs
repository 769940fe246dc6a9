using System.Net;
using System.Text;
using Heed.Cli.Commands;
using Heed.Cli.Import;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Import;

public sealed class ChunkUploaderTests
{
    private static readonly ImportRow[] Rows = [.. Enumerable.Range(0, 100).Select(i => new ImportRow($"user:{i}", "analytics"))];

    [Fact]
    public async Task Upload_ConcurrencyThree_ExactlyThreeChunksInFlight()
    {
        // Writes are held until three are in flight at once; with fewer workers this would never complete.
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int started = 0;
        var target = new FakeImportTarget
        {
            Hold = () =>
            {
                if (Interlocked.Increment(ref started) == 3)
                {
                    allStarted.SetResult();
                }

                return allStarted.Task;
            },
        };
        var uploader = new ChunkUploader(target, concurrency: 3);

        UploadResult result = await uploader.UploadAsync(BatchChunker.Chunk(Rows, "set", "test", maxRows: 10), null, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        target.MaxInFlight.ShouldBe(3);
        result.Rows.ShouldBe(100);
        result.Chunks.ShouldBe(10);
        result.LastLsn.ShouldBe(10);
    }

    [Fact]
    public async Task Upload_ThirdChunkRefused_StopsAndSaysExactlyWhatWasWritten()
    {
        RegistryException refused = await ProblemAsync();
        var target = new FakeImportTarget { Fail = call => call == 2 ? refused : null };
        var uploader = new ChunkUploader(target, concurrency: 1);

        RegistryException error = await Should.ThrowAsync<RegistryException>(() => uploader.UploadAsync(BatchChunker.Chunk(Rows, "set", "test", maxRows: 10), null, CancellationToken.None));

        target.Batches.Count.ShouldBe(2);
        error.ExitCode.ShouldBe(ExitCodes.Problem);
        error.Message.ShouldContain("503");
        error.Message.ShouldContain("20 rows in 2 chunks were written before this");
    }

    [Fact]
    public async Task Upload_Progress_ReportsEveryRow()
    {
        var target = new FakeImportTarget();
        var uploader = new ChunkUploader(target, concurrency: 4);
        long reported = 0;

        await uploader.UploadAsync(BatchChunker.Chunk(Rows, "set", "test", maxRows: 7), n => Interlocked.Add(ref reported, n), CancellationToken.None);

        reported.ShouldBe(100);
    }

    private static async Task<RegistryException> ProblemAsync()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            Content = new StringContent("""{"title":"The registry cannot take writes now","status":503,"detail":"the ledger store failed"}""", Encoding.UTF8, "application/problem+json"),
        };
        return await RegistryException.FromResponseAsync(response, CancellationToken.None);
    }
}
