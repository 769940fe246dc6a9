using Heed.Core.Purposes;
using Heed.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>
/// The statements that keep the materialized state (opt-outs, keys) in step with the ledger, run by
/// the writer inside the append's transaction; overrides and settings in <see cref="SqliteOverrideCommands"/>, the schema registry in <see cref="SqliteSchemaCommands"/>, purposes in <see cref="SqlitePurposeCommands"/>.
/// Kinds that change no table are ledger-only.
/// </summary>
internal sealed class SqliteStateCommands : IDisposable
{
    private readonly SqliteStatement _upsertOptOut;
    private readonly SqliteStatement _clearOptOuts;
    private readonly SqliteStatement _clearAllOptOuts;
    private readonly SqliteStatement _insertKey;
    private readonly SqliteStatement _revokeKey;
    private readonly SqliteOverrideCommands _overrides;
    private readonly SqliteSchemaCommands _schemas;
    private readonly SqlitePurposeCommands _purposes;

    public SqliteStateCommands(SqliteConnection connection)
    {
        _upsertOptOut = new SqliteStatement(
            connection,
            $"""
            INSERT INTO optouts({SqliteRows.OptOutColumns}) VALUES(?1, ?2, ?3, ?4, ?5)
            ON CONFLICT(subject, purpose) DO UPDATE SET lsn = excluded.lsn, since_ms = excluded.since_ms, source = excluded.source;
            """);

        // The purpose itself and everything below it: "p.x..." sorts between "p." and "p/" ('/' follows '.').
        // A range on the primary key, exact, where LIKE would treat the '_' in purpose names as a wildcard.
        _clearOptOuts = new SqliteStatement(
            connection,
            "DELETE FROM optouts WHERE subject = ?1 AND (purpose = ?2 OR (purpose >= ?2 || '.' AND purpose < ?2 || '/'));");
        _clearAllOptOuts = new SqliteStatement(connection, "DELETE FROM optouts WHERE subject = ?1;");
        _insertKey = new SqliteStatement(connection, $"INSERT INTO keys({SqliteRows.KeyColumns}) VALUES(?1, ?2, ?3, ?4, ?5, NULL);");

        // A second revocation keeps the first one's time.
        _revokeKey = new SqliteStatement(connection, "UPDATE keys SET revoked_ms = coalesce(revoked_ms, ?2) WHERE id = ?1;");
        _overrides = new SqliteOverrideCommands(connection);
        _schemas = new SqliteSchemaCommands(connection);
        _purposes = new SqlitePurposeCommands(connection);
    }

    /// <summary>Applies one entry. Throws <see cref="FormatException"/> when its body cannot be applied.</summary>
    public void Apply(NewEntry entry, long lsn, long atMs, byte[] hash)
    {
        switch (entry.Kind)
        {
            case EntryKinds.OptOutSet:
                _upsertOptOut.Bind(1, entry.Subject);
                _upsertOptOut.Bind(2, entry.Purpose);
                _upsertOptOut.Bind(3, lsn);
                _upsertOptOut.Bind(4, atMs);
                _upsertOptOut.Bind(5, EntryBody.GetString(entry.Body, "source"));
                _upsertOptOut.Execute();
                break;
            case EntryKinds.OptOutClear when entry.Purpose == PurposeNames.All:
                _clearAllOptOuts.Bind(1, entry.Subject);
                _clearAllOptOuts.Execute();
                break;
            case EntryKinds.OptOutClear:
                _clearOptOuts.Bind(1, entry.Subject);
                _clearOptOuts.Bind(2, entry.Purpose);
                _clearOptOuts.Execute();
                break;
            case EntryKinds.KeyCreate:
                _insertKey.Bind(1, EntryBody.GetRequiredString(entry.Body, "id"));
                _insertKey.Bind(2, EntryBody.GetRequiredString(entry.Body, "role"));
                _insertKey.Bind(3, EntryBody.GetRequiredString(entry.Body, "name"));
                _insertKey.Bind(4, EntryBody.GetRequiredString(entry.Body, "secretHash"));
                _insertKey.Bind(5, atMs);
                _insertKey.Execute();
                break;
            case EntryKinds.KeyRevoke:
                string id = EntryBody.GetRequiredString(entry.Body, "id");
                _revokeKey.Bind(1, id);
                _revokeKey.Bind(2, atMs);
                if (_revokeKey.Execute() == 0)
                {
                    // A revocation of a key that never existed would put a lie in the ledger.
                    throw new FormatException($"there is no key \"{id}\" to revoke");
                }

                break;
            case EntryKinds.PurposeAdd or EntryKinds.PurposeDeprecate:
                _purposes.Apply(entry, lsn, atMs);
                break;
            default:
                _ = _overrides.Apply(entry, lsn, atMs, hash) || _schemas.Apply(entry, lsn, atMs);
                break;
        }
    }

    public void Dispose()
    {
        _upsertOptOut.Dispose();
        _clearOptOuts.Dispose();
        _clearAllOptOuts.Dispose();
        _insertKey.Dispose();
        _revokeKey.Dispose();
        _overrides.Dispose();
        _schemas.Dispose();
        _purposes.Dispose();
    }
}
