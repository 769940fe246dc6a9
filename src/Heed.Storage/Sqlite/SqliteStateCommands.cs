using Heed.Core.Purposes;
using Heed.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>
/// The statements that keep the materialized state (opt-outs, keys) in step with the ledger, run by
/// the writer inside the append's transaction. Kinds that change no table here (yet) are ledger-only.
/// </summary>
internal sealed class SqliteStateCommands : IDisposable
{
    private readonly SqliteCommand _upsertOptOut;
    private readonly SqliteCommand _clearOptOuts;
    private readonly SqliteCommand _clearAllOptOuts;
    private readonly SqliteCommand _insertKey;
    private readonly SqliteCommand _revokeKey;

    public SqliteStateCommands(SqliteConnection connection)
    {
        _upsertOptOut = SqliteLedgerWriter.Prepare(
            connection,
            $"""
            INSERT INTO optouts({SqliteRows.OptOutColumns}) VALUES($subject, $purpose, $lsn, $since, $source)
            ON CONFLICT(subject, purpose) DO UPDATE SET lsn = excluded.lsn, since_ms = excluded.since_ms, source = excluded.source;
            """,
            ("$subject", SqliteType.Text),
            ("$purpose", SqliteType.Text),
            ("$lsn", SqliteType.Integer),
            ("$since", SqliteType.Integer),
            ("$source", SqliteType.Text));

        // The purpose itself and everything below it: "p.x..." sorts between "p." and "p/" ('/' follows '.').
        // A range on the primary key, exact, where LIKE would treat the '_' in purpose names as a wildcard.
        _clearOptOuts = SqliteLedgerWriter.Prepare(
            connection,
            """
            DELETE FROM optouts
            WHERE subject = $subject AND (purpose = $purpose OR (purpose >= $purpose || '.' AND purpose < $purpose || '/'));
            """,
            ("$subject", SqliteType.Text),
            ("$purpose", SqliteType.Text));
        _clearAllOptOuts = SqliteLedgerWriter.Prepare(
            connection,
            "DELETE FROM optouts WHERE subject = $subject;",
            ("$subject", SqliteType.Text));
        _insertKey = SqliteLedgerWriter.Prepare(
            connection,
            $"INSERT INTO keys({SqliteRows.KeyColumns}) VALUES($id, $role, $name, $secret, $created, NULL);",
            ("$id", SqliteType.Text),
            ("$role", SqliteType.Text),
            ("$name", SqliteType.Text),
            ("$secret", SqliteType.Text),
            ("$created", SqliteType.Integer));

        // A second revocation keeps the first one's time.
        _revokeKey = SqliteLedgerWriter.Prepare(
            connection,
            "UPDATE keys SET revoked_ms = coalesce(revoked_ms, $revoked) WHERE id = $id;",
            ("$id", SqliteType.Text),
            ("$revoked", SqliteType.Integer));
    }

    /// <summary>Applies one entry. Throws <see cref="FormatException"/> when its body cannot be applied.</summary>
    public void Apply(NewEntry entry, long lsn, long atMs)
    {
        switch (entry.Kind)
        {
            case EntryKinds.OptOutSet:
                Run(_upsertOptOut, entry.Subject, entry.Purpose, lsn, atMs, EntryBody.GetString(entry.Body, "source"));
                break;
            case EntryKinds.OptOutClear when entry.Purpose == PurposeNames.All:
                Run(_clearAllOptOuts, entry.Subject);
                break;
            case EntryKinds.OptOutClear:
                Run(_clearOptOuts, entry.Subject, entry.Purpose);
                break;
            case EntryKinds.KeyCreate:
                Run(
                    _insertKey,
                    EntryBody.GetRequiredString(entry.Body, "id"),
                    EntryBody.GetRequiredString(entry.Body, "role"),
                    EntryBody.GetRequiredString(entry.Body, "name"),
                    EntryBody.GetRequiredString(entry.Body, "secretHash"),
                    atMs);
                break;
            case EntryKinds.KeyRevoke:
                string id = EntryBody.GetRequiredString(entry.Body, "id");
                if (Run(_revokeKey, id, atMs) == 0)
                {
                    // A revocation of a key that never existed would put a lie in the ledger.
                    throw new FormatException($"there is no key \"{id}\" to revoke");
                }

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
    }

    private static int Run(SqliteCommand command, params ReadOnlySpan<object?> values)
    {
        SqliteParameterCollection parameters = command.Parameters;
        for (int i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command.ExecuteNonQuery();
    }
}
