using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>
/// Checkpoints the WAL on a connection and a task of its own, by <see cref="SqliteCheckpointPolicy"/>, so that
/// the writer never waits for an automatic checkpoint inside a commit. The writer only reports the pages each
/// commit wrote (<see cref="PagesWritten"/>: two additions and, now and then, a wake-up).
/// A failed checkpoint (a full disk, a reader in the way) is counted and tried again at the next occasion.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCheckpointPolicy _policy;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _sinceCheckpoint;
    private int _sinceTruncate;
    private long _failures;

    public SqliteCheckpointer(string connectionString, SqliteCheckpointPolicy policy, TimeProvider time)
    {
        _policy = policy;
        _time = time;
        _connection = new SqliteConnection(connectionString);
        _connection.Open();

        // FULL on this connection: a checkpoint fsyncs the WAL before it copies, and the database after.
        // The busy timeout bounds how long RESTART and TRUNCATE wait for the writer's transaction to end.
        using (SqliteCommand setup = _connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=1000;";
            setup.ExecuteNonQuery();
        }

        _loop = Task.Run(RunAsync);
    }

    /// <summary>Raised on the checkpointer's task after each checkpoint: its mode, then the WAL's frames and how many of them are in the database.</summary>
    public event Action<string, int, int>? Checkpointed;

    /// <summary>Checkpoints that failed so far.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Called by the writer after each commit with the pages it wrote to the WAL.</summary>
    public void PagesWritten(int pages)
    {
        Interlocked.Add(ref _sinceTruncate, pages);
        if (Interlocked.Add(ref _sinceCheckpoint, pages) >= _policy.PassivePages && _wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Woken already by a commit a moment ago.
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting, as asked.
        }

        _connection.Dispose();
        _stopping.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            if (await WokenAsync())
            {
                Interlocked.Exchange(ref _sinceCheckpoint, 0);
                if (Run("PASSIVE") is int log && log >= _policy.RestartPages)
                {
                    Run("RESTART");
                }
            }
            else if (Volatile.Read(ref _sinceTruncate) > 0)
            {
                // Idle: no commit asked for a checkpoint for a whole idle period. Empty the WAL file.
                int written = Interlocked.Exchange(ref _sinceTruncate, 0);
                Interlocked.Exchange(ref _sinceCheckpoint, 0);
                if (Run("TRUNCATE") is null)
                {
                    Interlocked.Add(ref _sinceTruncate, written);
                }
            }
        }
    }

    /// <summary>True when a commit woke the checkpointer, false when a whole idle period passed.</summary>
    private async Task<bool> WokenAsync()
    {
        using var idle = new CancellationTokenSource(_policy.Idle, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, _stopping.Token);
        try
        {
            await _wake.WaitAsync(either.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Runs one checkpoint; returns the WAL's frames after it, or null when it failed or was blocked.</summary>
    private int? Run(string mode)
    {
        try
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_checkpoint({mode});";
            using SqliteDataReader reader = command.ExecuteReader();
            reader.Read();
            bool blocked = reader.GetInt32(0) != 0;
            int log = reader.GetInt32(1);
            int done = reader.GetInt32(2);
            if (blocked)
            {
                Interlocked.Increment(ref _failures);
            }

            Checkpointed?.Invoke(mode, log, done);
            return blocked ? null : log;
        }
        catch (SqliteException)
        {
            Interlocked.Increment(ref _failures);
            return null;
        }
    }
}
