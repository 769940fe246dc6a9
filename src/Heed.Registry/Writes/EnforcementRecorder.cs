using System.Collections.Concurrent;
using Heed.Storage.Enforcement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Heed.Registry.Writes;

/// <summary>
/// Keeps when each write was enforced everywhere, for the audit record: the time a write's answer gave,
/// and for a write answered <c>enforced: false</c> the time it was enforced later. Rows are queued on the
/// write path (no I/O there) and written in batches by one loop.
/// </summary>
public sealed partial class EnforcementRecorder(EnforcementLog log, IEnforcementAcknowledger acknowledger, TimeProvider time, ILogger<EnforcementRecorder> logger) : BackgroundService
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentQueue<(long Lsn, DateTimeOffset At)> _rows = new();
    private readonly ConcurrentDictionary<long, byte> _late = new();
    private CancellationToken _stopping;

    /// <summary>The write up to <paramref name="lsn"/> was enforced at <paramref name="at"/>.</summary>
    public void Enforced(long lsn, DateTimeOffset at) => _rows.Enqueue((lsn, at));

    /// <summary>The write up to <paramref name="lsn"/> was not enforced by its deadline: record it once it is.</summary>
    public void Late(long lsn)
    {
        if (_late.TryAdd(lsn, 0))
        {
            _ = WaitLateAsync(lsn);
        }
    }

    /// <summary>When <paramref name="lsn"/> was enforced everywhere, as far as recorded; null when not yet known.</summary>
    public DateTimeOffset? EnforcedAt(long lsn)
    {
        Flush();
        return log.EnforcedAt(lsn);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        using var timer = new PeriodicTimer(FlushEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            Flush();
        }
    }

    private async Task WaitLateAsync(long lsn)
    {
        try
        {
            DateTimeOffset at = await acknowledger.WaitEnforcedAsync(lsn, _stopping);
            Enforced(lsn, at);
        }
        catch (OperationCanceledException)
        {
            // Stopping: a later row (after the restart) will answer for it.
        }
        finally
        {
            _late.TryRemove(lsn, out _);
        }
    }

    private void Flush()
    {
        if (_rows.IsEmpty)
        {
            return;
        }

        var batch = new List<(long, DateTimeOffset)>();
        while (_rows.TryDequeue(out (long, DateTimeOffset) row))
        {
            batch.Add(row);
        }

        try
        {
            log.Record(batch);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            // Lost rows make a later row answer for these LSNs: a later time, never an earlier one.
            NotRecorded(logger, batch.Count, ex.Message);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "could not record when {Count} writes were enforced ({Reason}); the audit record will give a later time for them")]
    private static partial void NotRecorded(ILogger logger, int count, string reason);
}
