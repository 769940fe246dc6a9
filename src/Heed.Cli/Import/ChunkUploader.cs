using System.Diagnostics;
using Heed.Cli.Commands;
using Heed.Registry.Api.Contracts;

namespace Heed.Cli.Import;

/// <summary>
/// Writes chunks with a few requests in flight, so the registry's group commit can merge them into fewer
/// fsyncs. On the first failure no new chunk starts, but those in flight finish, so the count of rows
/// written before the failure is exact rather than a guess.
/// </summary>
public sealed class ChunkUploader(IImportTarget target, int concurrency)
{
    public const int DefaultConcurrency = 4;

    public async Task<UploadResult> UploadAsync(IEnumerable<ImportChunk> chunks, Action<int>? onWritten, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        long started = Stopwatch.GetTimestamp();
        using IEnumerator<ImportChunk> pending = chunks.GetEnumerator();
        var gate = new Lock();
        long rows = 0;
        long unchanged = 0;
        int written = 0;
        int notEnforced = 0;
        long lastLsn = 0;
        Exception? failure = null;

        async Task WorkAsync()
        {
            while (true)
            {
                ImportChunk chunk;
                lock (gate)
                {
                    // Serializing the next chunk happens here, one at a time, while other chunks are on the wire.
                    if (failure is not null || !pending.MoveNext())
                    {
                        return;
                    }

                    chunk = pending.Current;
                }

                BatchWriteResponse response;
                try
                {
                    response = await target.WriteBatchAsync(chunk.Body, cancellationToken);
                }
                catch (Exception ex)
                {
                    lock (gate)
                    {
                        failure ??= ex;
                    }

                    return;
                }

                lock (gate)
                {
                    rows += chunk.Count;
                    unchanged += response.Unchanged;
                    written++;
                    lastLsn = Math.Max(lastLsn, response.Lsn);
                    notEnforced += response.Enforced ? 0 : 1;
                }

                onWritten?.Invoke(chunk.Count);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => WorkAsync()));
        if (failure is null)
        {
            return new UploadResult(rows, written, lastLsn, notEnforced, Stopwatch.GetElapsedTime(started), unchanged);
        }

        string note = rows == 0
            ? "nothing was written"
            : $"{rows:N0} rows in {written} chunks were written before this (each chunk is all or nothing); running the import again is safe, setting an opt-out twice changes nothing";
        throw failure switch
        {
            RegistryException registry => registry.WithNote("heed import: " + note),
            OperationCanceledException => failure,
            _ => RegistryException.Unexpected($"writing a chunk failed: {failure.Message}; {note}", failure),
        };
    }
}
