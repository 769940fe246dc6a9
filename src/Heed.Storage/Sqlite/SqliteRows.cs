using Heed.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>Column lists and row mapping shared by the writer (which reads the head on open) and the readers.</summary>
internal static class SqliteRows
{
    public const string EntryColumns = "lsn, kind, subject, purpose, at_ms, body, prev_hash, hash";
    public const string OptOutColumns = "subject, purpose, lsn, since_ms, source";
    public const string KeyColumns = "id, role, name, secret_hash, created_ms, revoked_ms";

    public static LedgerEntry ReadEntry(SqliteDataReader row) => new(
        row.GetInt64(0),
        row.GetString(1),
        NullableString(row, 2),
        NullableString(row, 3),
        LedgerTime.FromUnixMilliseconds(row.GetInt64(4)),
        row.GetString(5),
        row.GetFieldValue<byte[]>(6),
        row.GetFieldValue<byte[]>(7));

    public static OptOutRow ReadOptOut(SqliteDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        row.GetInt64(2),
        LedgerTime.FromUnixMilliseconds(row.GetInt64(3)),
        NullableString(row, 4));

    public static KeyRow ReadKey(SqliteDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        LedgerTime.FromUnixMilliseconds(row.GetInt64(4)),
        row.IsDBNull(5) ? null : LedgerTime.FromUnixMilliseconds(row.GetInt64(5)));

    private static string? NullableString(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
