using Heed.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>Column lists and row mapping shared by the writer (which reads the head on open) and the readers.</summary>
internal static class SqliteRows
{
    public const string EntryColumns = "lsn, kind, subject, purpose, at_ms, body, prev_hash, hash";
    public const string OptOutColumns = "subject, purpose, lsn, since_ms, source";
    public const string KeyColumns = "id, role, name, secret_hash, created_ms, revoked_ms";
    public const string OverrideColumns = "id, request_lsn, request_hash, request_body, requested_ms, service, enforcement_point, ttl_seconds, approve_lsn, approved_by, approved_ms, ends_ms, revoke_lsn, revoked_by, revoked_ms";
    public const string SettingColumns = "name, value, lsn, set_ms, set_by";
    public const string PurposeColumns = "name, add_lsn, added_ms, added_by, deprecate_lsn, deprecated_ms, deprecated_by, successor";

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

    public static OverrideRow ReadOverride(SqliteDataReader row) => new(
        row.GetString(0),
        row.GetInt64(1),
        row.GetFieldValue<byte[]>(2),
        row.GetString(3),
        LedgerTime.FromUnixMilliseconds(row.GetInt64(4)),
        NullableString(row, 5),
        NullableString(row, 6),
        row.GetInt64(7),
        NullableInt64(row, 8),
        NullableString(row, 9),
        NullableTime(row, 10),
        NullableTime(row, 11),
        NullableInt64(row, 12),
        NullableString(row, 13),
        NullableTime(row, 14));

    public static SettingRow ReadSetting(SqliteDataReader row) => new(
        row.GetString(0),
        row.GetString(1),
        row.GetInt64(2),
        LedgerTime.FromUnixMilliseconds(row.GetInt64(3)),
        NullableString(row, 4));

    public static PurposeRow ReadPurpose(SqliteDataReader row) => new(
        row.GetString(0),
        NullableInt64(row, 1),
        NullableTime(row, 2),
        NullableString(row, 3),
        NullableInt64(row, 4),
        NullableTime(row, 5),
        NullableString(row, 6),
        NullableString(row, 7));

    private static long? NullableInt64(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetInt64(ordinal);

    private static DateTimeOffset? NullableTime(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : LedgerTime.FromUnixMilliseconds(row.GetInt64(ordinal));

    private static string? NullableString(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
