using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Heed.Storage.Sqlite;

/// <summary>
/// One prepared statement of the write path, bound by position and stepped directly on the
/// connection's native handle. Microsoft.Data.Sqlite's command costs a reader, a name lookup per
/// parameter and several allocations per execution; with two or three statements per entry that was
/// most of a bulk append's time.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    // Text is bound as UTF-8 that we encode ourselves, strictly: a lone surrogate would be stored as
    // something other than the bytes EntryHasher covered, and the entry would never verify again.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private byte[] _text = new byte[512];

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        int rc = raw.sqlite3_prepare_v3(_database, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _database);
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, ReadOnlySpan<byte> blob) => Check(raw.sqlite3_bind_blob(_statement, index, blob));

    /// <exception cref="ArgumentException">The text is not valid UTF-16 (it holds a lone surrogate).</exception>
    public void Bind(int index, string? text)
    {
        if (text is null)
        {
            Check(raw.sqlite3_bind_null(_statement, index));
            return;
        }

        int max = StrictUtf8.GetMaxByteCount(text.Length);
        if (_text.Length < max)
        {
            _text = new byte[Math.Max(max, _text.Length * 2)];
        }

        int length = StrictUtf8.GetBytes(text, _text);
        Check(raw.sqlite3_bind_text(_statement, index, _text.AsSpan(0, length)));
    }

    /// <summary>Runs the statement to completion and returns how many rows it changed.</summary>
    public int Execute()
    {
        int rc = raw.sqlite3_step(_statement);
        try
        {
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : rc, _database);
            }

            return raw.sqlite3_changes(_database);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs a query and tells whether it returned a row (the rest are not read).</summary>
    public bool HasRow()
    {
        int rc = raw.sqlite3_step(_statement);
        try
        {
            if (rc != raw.SQLITE_ROW && rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _database);
            }

            return rc == raw.SQLITE_ROW;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _database);
}
