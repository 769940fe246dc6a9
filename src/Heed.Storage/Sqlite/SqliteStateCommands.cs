using Heed.Core.Purposes;
using Heed.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>
/// The statements that keep the materialized state (opt-outs, keys) in step with the ledger, run by
/// the writer inside the append's transaction, in ledger order. A run of opt-out sets (what an import
/// brings) is one multi-row upsert per chunk; later rows of a statement see the earlier ones, so a
/// subject set twice in a run ends as the second set. Kinds that change no table here (yet) are ledger-only.
/// </summary>
internal sealed class SqliteStateCommands : IDisposable
{
    private readonly SqliteMultiRowInsert _upsertOptOuts;
    private readonly SqliteStatement _clearOptOuts;
    private readonly SqliteStatement _clearAllOptOuts;
    private readonly SqliteStatement _insertKey;
    private readonly SqliteStatement _revokeKey;

    public SqliteStateCommands(SqliteConnection connection)
    {
        _upsertOptOuts = new SqliteMultiRowInsert(
            connection,
            $"INSERT INTO optouts({SqliteRows.OptOutColumns}) VALUES",
            5,
            "ON CONFLICT(subject, purpose) DO UPDATE SET lsn = excluded.lsn, since_ms = excluded.since_ms, source = excluded.source");

        // The purpose itself and everything below it: "p.x..." sorts between "p." and "p/" ('/' follows '.').
        // A range on the primary key, exact, where LIKE would treat the '_' in purpose names as a wildcard.
        _clearOptOuts = new SqliteStatement(
            connection,
            "DELETE FROM optouts WHERE subject = ?1 AND (purpose = ?2 OR (purpose >= ?2 || '.' AND purpose < ?2 || '/'));");
        _clearAllOptOuts = new SqliteStatement(connection, "DELETE FROM optouts WHERE subject = ?1;");
        _insertKey = new SqliteStatement(connection, $"INSERT INTO keys({SqliteRows.KeyColumns}) VALUES(?1, ?2, ?3, ?4, ?5, NULL);");

        // A second revocation keeps the first one's time.
        _revokeKey = new SqliteStatement(connection, "UPDATE keys SET revoked_ms = coalesce(revoked_ms, ?2) WHERE id = ?1;");
    }

    /// <summary>
    /// Applies a prepared append, in order. <paramref name="largestChunk"/> 1 applies row by row, which
    /// names the row a constraint refused.
    /// </summary>
    /// <exception cref="SqliteRowException">An entry could not be applied (or the store failed); says which when it is known.</exception>
    public void Apply(PreparedAppend append, int largestChunk)
    {
        int i = 0;
        while (i < append.Count)
        {
            if (append.Entries[i].Kind == EntryKinds.OptOutSet)
            {
                int run = i + 1;
                while (run < append.Count && append.Entries[run].Kind == EntryKinds.OptOutSet)
                {
                    run++;
                }

                _upsertOptOuts.Insert(append, i, run - i, BindOptOut, largestChunk);
                i = run;
                continue;
            }

            try
            {
                ApplyOne(append.Entries[i], append.Committed[i].Lsn);
            }
            catch (Exception ex) when (ex is FormatException or System.Text.EncoderFallbackException or SqliteException)
            {
                throw new SqliteRowException(i, ex);
            }

            i++;
        }
    }

    public void Dispose()
    {
        _upsertOptOuts.Dispose();
        _clearOptOuts.Dispose();
        _clearAllOptOuts.Dispose();
        _insertKey.Dispose();
        _revokeKey.Dispose();
    }

    private static void BindOptOut(SqliteStatement statement, int at, PreparedAppend append, int row)
    {
        LedgerEntry entry = append.Committed[row];
        statement.Bind(at, entry.Subject);
        statement.Bind(at + 1, entry.Purpose);
        statement.Bind(at + 2, entry.Lsn);
        statement.Bind(at + 3, LedgerTime.ToUnixMilliseconds(entry.At));
        statement.Bind(at + 4, append.Sources[row]);
    }

    private void ApplyOne(NewEntry entry, long lsn)
    {
        long atMs = LedgerTime.ToUnixMilliseconds(entry.At);
        switch (entry.Kind)
        {
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
        }
    }
}
