using Heed.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>
/// Reads the last entry on open and checks that it is intact: its hash recomputes and it links to the
/// entry before it. Appending to a damaged head would extend a chain that no longer verifies (G4).
/// Verifying the whole chain is <c>heed audit verify</c>'s job.
/// </summary>
internal static class SqliteChainHead
{
    public static LedgerEntry? ReadAndVerify(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteRows.EntryColumns} FROM ledger ORDER BY lsn DESC LIMIT 2;";
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        LedgerEntry last = SqliteRows.ReadEntry(reader);
        LedgerEntry? previous = reader.Read() ? SqliteRows.ReadEntry(reader) : null;
        Check(last);
        if (previous is null)
        {
            Require(last.Lsn == 1 && last.PrevHash.AsSpan().SequenceEqual(EntryHasher.Genesis), last.Lsn, "is the only entry but does not start the chain");
        }
        else
        {
            Check(previous);
            Require(previous.Lsn == last.Lsn - 1, last.Lsn, $"follows entry {previous.Lsn}");
            Require(last.PrevHash.AsSpan().SequenceEqual(previous.Hash), last.Lsn, "does not link to the entry before it");
        }

        return last;
    }

    private static void Check(LedgerEntry entry) =>
        Require(EntryHasher.Compute(entry).AsSpan().SequenceEqual(entry.Hash), entry.Lsn, "does not match its hash");

    private static void Require(bool condition, long lsn, string problem)
    {
        if (!condition)
        {
            throw new InvalidDataException($"the ledger is damaged: entry {lsn} {problem}");
        }
    }
}
