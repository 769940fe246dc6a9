using System.Text;
using Heed.Core.Purposes;
using Heed.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>
/// The one connection that writes. It keeps the head LSN and hash in memory, so an append runs only
/// its inserts and updates: prepared once, bound and stepped per entry (see <see cref="SqliteStatement"/>),
/// all in one transaction that ends in one fsync. Not thread-safe by design (one writer: the group commit loop).
/// </summary>
internal sealed class SqliteLedgerWriter : IDisposable
{
    // SQLITE_CONSTRAINT: a primary key, STRICT type or NOT NULL rule refused a row.
    private const int ConstraintError = 19;

    private readonly SqliteConnection _connection;
    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _rollback;
    private readonly SqliteStatement _insertEntry;
    private readonly SqliteStatement _probe;
    private readonly SqliteStateCommands _state;
    private long _head;
    private byte[] _lastHash;

    private SqliteLedgerWriter(SqliteConnection connection, LedgerEntry? last)
    {
        _connection = connection;
        _head = last?.Lsn ?? 0;
        _lastHash = last?.Hash ?? EntryHasher.Genesis;

        // BEGIN IMMEDIATE takes the write lock before anything is written, so a second writer on the same
        // file (another process) waits or fails there, never half-way through an append; and should it
        // slip in, the primary key on lsn refuses the stale LSN this writer would then assign.
        _begin = new SqliteStatement(connection, "BEGIN IMMEDIATE;");
        _commit = new SqliteStatement(connection, "COMMIT;");
        _rollback = new SqliteStatement(connection, "ROLLBACK;");
        _insertEntry = new SqliteStatement(connection, $"INSERT INTO ledger({SqliteRows.EntryColumns}) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8);");
        _probe = new SqliteStatement(connection, "INSERT INTO probe(id, count) VALUES(1, 1) ON CONFLICT(id) DO UPDATE SET count = count + 1;");
        _state = new SqliteStateCommands(connection);
    }

    /// <summary>The LSN of the last committed entry. Read by other threads, written only after a commit.</summary>
    public long Head => Volatile.Read(ref _head);

    /// <summary>Opens the writer connection, prepares the schema and checks the head of the chain.</summary>
    public static SqliteLedgerWriter Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            SqliteSchema.Prepare(connection);
            LedgerEntry? last = SqliteChainHead.ReadAndVerify(connection);
            return new SqliteLedgerWriter(connection, last);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Appends and applies <paramref name="entries"/> in one transaction; on any failure nothing changes.</summary>
    public LedgerEntry[] Append(IReadOnlyList<NewEntry> entries)
    {
        var committed = new LedgerEntry[entries.Count];
        long lsn = _head;
        byte[] prevHash = _lastHash;
        _begin.Execute();
        try
        {
            for (int i = 0; i < entries.Count; i++)
            {
                NewEntry entry = entries[i];
                Validate(entry, i);
                lsn++;
                DateTimeOffset at = LedgerTime.Truncate(entry.At);
                long atMs = LedgerTime.ToUnixMilliseconds(at);
                byte[] hash = EntryHasher.Compute(lsn, entry.Kind, entry.Subject, entry.Purpose, at, entry.Body, prevHash);
                try
                {
                    InsertEntry(lsn, entry, atMs, prevHash, hash);
                    _state.Apply(entry, lsn, atMs, hash);
                }
                catch (Exception ex) when (ex is FormatException or EncoderFallbackException || IsConstraint(ex))
                {
                    // The entry's own fault (a bad body, a duplicate key id): the store is fine, and says which entry.
                    throw new LedgerEntryException(i, $"{entry.Kind}: {ex.Message}", ex);
                }

                committed[i] = new LedgerEntry(lsn, entry.Kind, entry.Subject, entry.Purpose, at, entry.Body, prevHash, hash);
                prevHash = hash;
            }

            _commit.Execute();
        }
        catch
        {
            RollBack();
            throw;
        }

        // Only a committed transaction moves the head; a failed one leaves the next append where this one began.
        _lastHash = prevHash;
        Volatile.Write(ref _head, lsn);
        return committed;
    }

    /// <summary>
    /// Commits one row outside the ledger, through the same connection, journal and fsync as an append:
    /// proof that the store takes writes again after an error, without putting anything in the ledger.
    /// </summary>
    public void Probe()
    {
        _begin.Execute();
        try
        {
            _probe.Execute();
            _commit.Execute();
        }
        catch
        {
            RollBack();
            throw;
        }
    }

    /// <summary>
    /// A pragma's value on the writer's own connection. <c>synchronous</c> is per connection, so only this
    /// connection can show that commits are fsynced; tests read it here. Not for use while appending.
    /// </summary>
    internal string ReadPragma(string name) => SqliteSchema.Scalar(_connection, $"PRAGMA {name};");

    public void Dispose()
    {
        _state.Dispose();
        _probe.Dispose();
        _insertEntry.Dispose();
        _rollback.Dispose();
        _commit.Dispose();
        _begin.Dispose();
        _connection.Dispose();
    }

    private static void Validate(NewEntry? entry, int index)
    {
        if (entry is null || string.IsNullOrEmpty(entry.Kind) || entry.Body is null)
        {
            throw new LedgerEntryException(index, "the entry has no kind or no body");
        }

        bool optOut = entry.Kind is EntryKinds.OptOutSet or EntryKinds.OptOutClear;
        if (optOut && (string.IsNullOrEmpty(entry.Subject) || !PurposeNames.IsValid(entry.Purpose)))
        {
            throw new LedgerEntryException(index, $"{entry.Kind} needs a subject and a valid purpose");
        }
    }

    // The low byte is the primary result code, whether or not SQLite reported an extended one.
    private static bool IsConstraint(Exception ex) => ex is SqliteException sqlite && (sqlite.SqliteErrorCode & 0xFF) == ConstraintError;

    private void InsertEntry(long lsn, NewEntry entry, long atMs, byte[] prevHash, byte[] hash)
    {
        _insertEntry.Bind(1, lsn);
        _insertEntry.Bind(2, entry.Kind);
        _insertEntry.Bind(3, entry.Subject);
        _insertEntry.Bind(4, entry.Purpose);
        _insertEntry.Bind(5, atMs);
        _insertEntry.Bind(6, entry.Body);
        _insertEntry.Bind(7, prevHash);
        _insertEntry.Bind(8, hash);
        _insertEntry.Execute();
    }

    private void RollBack()
    {
        try
        {
            _rollback.Execute();
        }
        catch (SqliteException)
        {
            // SQLite already rolled back on its own (it does after I/O and some busy errors); nothing is left open.
        }
    }
}
