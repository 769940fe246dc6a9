using Microsoft.Data.Sqlite;

namespace Heed.Storage.Enforcement;

/// <summary>
/// When each write was enforced everywhere (the <c>enforcedAt</c> of docs/api.md), kept for the audit
/// record (<c>heed audit export</c>). A row (lsn, at) says every entry up to and including that LSN was
/// enforced by then, because enforcement only moves forward; so the time of an LSN is that of the nearest
/// row at or after it, which is never earlier than the truth. Rows that a crash loses make a later row
/// answer: later, never earlier.
/// </summary>
/// <remarks>
/// Its own file (<c>enforcement.db</c>) beside the ledger, so recording never takes the ledger writer's
/// lock. It is an observation, not a change of state, so it is not in the ledger or its hash chain.
/// </remarks>
public sealed class EnforcementLog : IDisposable
{
    public const string FileName = "enforcement.db";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _lsn;
    private readonly SqliteParameter _at;
    private readonly SqliteCommand _find;
    private readonly SqliteParameter _findLsn;
    private readonly Lock _lock = new();

    private EnforcementLog(SqliteConnection connection)
    {
        _connection = connection;
        _insert = connection.CreateCommand();
        // Two writes enforced in the same millisecond need only the later LSN's row.
        _insert.CommandText = "INSERT INTO enforced(lsn, at_ms) VALUES($lsn, $at) ON CONFLICT(lsn) DO UPDATE SET at_ms = min(at_ms, excluded.at_ms);";
        _lsn = _insert.Parameters.Add("$lsn", SqliteType.Integer);
        _at = _insert.Parameters.Add("$at", SqliteType.Integer);
        _find = connection.CreateCommand();
        _find.CommandText = "SELECT at_ms FROM enforced WHERE lsn >= $lsn ORDER BY lsn LIMIT 1;";
        _findLsn = _find.Parameters.Add("$lsn", SqliteType.Integer);
    }

    /// <summary>Opens (creating, owner-only, if needed) <see cref="FileName"/> in <paramref name="dataDirectory"/>,
    /// dropping rows past <paramref name="head"/>: after a restore from backup the LSNs past the restored head
    /// will name other entries, and their times must not answer for them.</summary>
    public static EnforcementLog Open(string dataDirectory, long head)
    {
        string path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path) && !OperatingSystem.IsWindows())
        {
            // Created 0600 before SQLite opens it; its -wal and -shm files take the same mode.
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        connection.Open();
        using (SqliteCommand setup = connection.CreateCommand())
        {
            // NORMAL: a crash may lose the last rows, and a later row then answers (see the summary).
            setup.CommandText = """
                PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;
                CREATE TABLE IF NOT EXISTS enforced(lsn INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL) STRICT;
                DELETE FROM enforced WHERE lsn > $head;
                """;
            setup.Parameters.AddWithValue("$head", head);
            setup.ExecuteNonQuery();
        }

        return new EnforcementLog(connection);
    }

    /// <summary>Records, in one transaction, that each LSN was enforced everywhere at its time.</summary>
    public void Record(IReadOnlyList<(long Lsn, DateTimeOffset At)> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            foreach ((long lsn, DateTimeOffset at) in rows)
            {
                _lsn.Value = lsn;
                _at.Value = at.ToUnixTimeMilliseconds();
                _insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>When <paramref name="lsn"/> was enforced everywhere, or null when no record covers it yet.</summary>
    public DateTimeOffset? EnforcedAt(long lsn)
    {
        lock (_lock)
        {
            _find.Transaction = null;
            _findLsn.Value = lsn;
            return _find.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        }
    }

    public void Dispose()
    {
        _insert.Dispose();
        _find.Dispose();
        _connection.Dispose();
    }
}
