using System.Text;
using Heed.Core.Purposes;
using Heed.Storage.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Win32.SafeHandles;
using SQLitePCL;

namespace Heed.Storage.Sqlite;

/// <summary>
/// The one connection that writes. It keeps the head LSN and hash in memory, so an append runs only
/// its inserts and updates: prepared once, bound and stepped (see <see cref="SqliteStatement"/>), ledger
/// rows and runs of opt-out sets as multi-row statements (see <see cref="SqliteMultiRowInsert"/>).
/// An append has two steps: <see cref="Commit"/> commits the transaction into the WAL without waiting for
/// the disk, and <see cref="Sync"/> fsyncs the WAL. The group commit runs the next group's commit while the
/// previous group's sync is on the disk; nothing counts as durable (<see cref="Head"/>) before its sync.
/// Not thread-safe by design (one writer: the group commit loop), except that one <see cref="Sync"/> may run
/// beside <see cref="Commit"/>.
/// </summary>
internal sealed class SqliteLedgerWriter : IDisposable
{
    // SQLITE_CONSTRAINT: a primary key, STRICT type or NOT NULL rule refused a row.
    private const int ConstraintError = 19;

    private readonly SqliteConnection _connection;
    private readonly SafeFileHandle _wal;
    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _rollback;
    private readonly SqliteMultiRowInsert _insertEntries;
    private readonly SqliteStatement _probe;
    private readonly SqliteStateCommands _state;
    private readonly Action<int>? _pagesWritten;
    private long _committed;
    private long _durable;
    private byte[] _lastHash;

    private SqliteLedgerWriter(SqliteConnection connection, SafeFileHandle wal, LedgerEntry? last, Action<int>? pagesWritten)
    {
        _connection = connection;
        _wal = wal;
        _pagesWritten = pagesWritten;
        _committed = last?.Lsn ?? 0;
        _durable = _committed;
        _lastHash = last?.Hash ?? EntryHasher.Genesis;

        // BEGIN IMMEDIATE takes the write lock before anything is written, so a second writer on the same
        // file (another process) waits or fails there, never half-way through an append; and should it
        // slip in, the primary key on lsn refuses the stale LSN this writer would then assign.
        _begin = new SqliteStatement(connection, "BEGIN IMMEDIATE;");
        _commit = new SqliteStatement(connection, "COMMIT;");
        _rollback = new SqliteStatement(connection, "ROLLBACK;");
        _insertEntries = new SqliteMultiRowInsert(connection, $"INSERT INTO ledger({SqliteRows.EntryColumns}) VALUES", 8, string.Empty);
        _probe = new SqliteStatement(connection, "INSERT INTO probe(id, count) VALUES(1, 1) ON CONFLICT(id) DO UPDATE SET count = count + 1;");
        _state = new SqliteStateCommands(connection);
    }

    /// <summary>The LSN of the last durable entry (committed and synced). Read by other threads.</summary>
    public long Head => Volatile.Read(ref _durable);

    /// <summary>Opens the writer connection, prepares the schema and checks the head of the chain.</summary>
    /// <param name="pagesWritten">Told, after each commit, how many pages it wrote to the WAL.</param>
    /// <param name="walSizeLimitBytes">What SQLite cuts the WAL file back to when the WAL starts over.</param>
    public static SqliteLedgerWriter Open(string connectionString, Action<int>? pagesWritten = null, long walSizeLimitBytes = -1)
    {
        var connection = new SqliteConnection(connectionString);
        SafeFileHandle? wal = null;
        try
        {
            connection.Open();
            SqliteSchema.Prepare(connection);
            SqliteSchema.Scalar(connection, FormattableString.Invariant($"PRAGMA journal_size_limit={walSizeLimitBytes};"));
            LedgerEntry? last = SqliteChainHead.ReadAndVerify(connection);

            // SQLite keeps the -wal file while a connection is open; it is never locked (WAL locks live in
            // -shm), so a handle of our own to fsync it is safe. What a process killed before its sync left
            // in the WAL is made durable here, before this writer counts it in the head.
            wal = File.OpenHandle(connection.DataSource + "-wal", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            WalSync.Flush(wal);
            _ = raw.sqlite3_db_status(connection.Handle, raw.SQLITE_DBSTATUS_CACHE_WRITE, out _, out _, 1);
            return new SqliteLedgerWriter(connection, wal, last, pagesWritten);
        }
        catch
        {
            wal?.Dispose();
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends and applies <paramref name="entries"/> in one transaction, committed to the WAL but not yet
    /// synced (see <see cref="Sync"/>); on any failure nothing changes.
    /// </summary>
    public LedgerEntry[] Commit(IReadOnlyList<NewEntry> entries)
    {
        PreparedAppend append = Prepare(entries);
        try
        {
            Write(append, int.MaxValue);
        }
        catch (SqliteRowException ex) when (ex.Row < 0 && IsConstraint(ex.InnerException))
        {
            // A statement of many rows was refused and SQLite does not say for which row: the same append
            // row by row finds it, and names it. Rare (a duplicate key id), so the slow way is fine.
            Write(append, 1);
        }

        // Only a committed transaction moves the head; a failed one leaves the next append where this one began.
        _lastHash = append.Committed[^1].Hash;
        Volatile.Write(ref _committed, append.Committed[^1].Lsn);
        if (_pagesWritten is not null && raw.sqlite3_db_status(_connection.Handle, raw.SQLITE_DBSTATUS_CACHE_WRITE, out int pages, out _, 1) == raw.SQLITE_OK)
        {
            _pagesWritten(pages);
        }

        return append.Committed;
    }

    /// <summary>Makes every commit made before this call durable: fsyncs the WAL, then moves <see cref="Head"/>.</summary>
    public void Sync()
    {
        long committed = Volatile.Read(ref _committed);
        WalSync.Flush(_wal);
        Volatile.Write(ref _durable, Math.Max(committed, Volatile.Read(ref _durable)));
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

        Sync();
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
        _insertEntries.Dispose();
        _rollback.Dispose();
        _commit.Dispose();
        _begin.Dispose();
        _connection.Dispose();
        _wal.Dispose();
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
    private static bool IsConstraint(Exception? ex) => ex is SqliteException sqlite && (sqlite.SqliteErrorCode & 0xFF) == ConstraintError;

    private static void BindEntry(SqliteStatement statement, int at, PreparedAppend append, int row)
    {
        LedgerEntry entry = append.Committed[row];
        statement.Bind(at, entry.Lsn);
        statement.Bind(at + 1, entry.Kind);
        statement.Bind(at + 2, entry.Subject);
        statement.Bind(at + 3, entry.Purpose);
        statement.Bind(at + 4, LedgerTime.ToUnixMilliseconds(entry.At));
        statement.Bind(at + 5, entry.Body);
        statement.Bind(at + 6, entry.PrevHash);
        statement.Bind(at + 7, entry.Hash);
    }

    /// <summary>Works out every entry's LSN, time, hash and state fields; refuses an entry that cannot be written, naming it.</summary>
    private PreparedAppend Prepare(IReadOnlyList<NewEntry> entries)
    {
        var append = new PreparedAppend(entries);
        long lsn = _committed;
        byte[] prevHash = _lastHash;
        for (int i = 0; i < entries.Count; i++)
        {
            NewEntry entry = entries[i];
            Validate(entry, i);
            lsn++;
            DateTimeOffset at = LedgerTime.Truncate(entry.At);
            if (entry.Kind == EntryKinds.OptOutSet)
            {
                try
                {
                    append.Sources[i] = EntryBody.GetString(entry, "source");
                }
                catch (FormatException ex)
                {
                    throw new LedgerEntryException(i, $"{entry.Kind}: {ex.Message}", ex);
                }
            }

            byte[] hash = EntryHasher.Compute(lsn, entry.Kind, entry.Subject, entry.Purpose, at, entry.Body, prevHash);
            append.Committed[i] = new LedgerEntry(lsn, entry.Kind, entry.Subject, entry.Purpose, at, entry.Body, prevHash, hash);
            prevHash = hash;
        }

        return append;
    }

    /// <summary>One transaction: the ledger rows, then the state in ledger order, then COMMIT (no sync).</summary>
    private void Write(PreparedAppend append, int largestChunk)
    {
        _begin.Execute();
        try
        {
            try
            {
                _insertEntries.Insert(append, 0, append.Count, BindEntry, largestChunk);
                _state.Apply(append, largestChunk);
            }
            catch (SqliteRowException ex) when (ex.Row >= 0 && IsEntryFault(ex.InnerException))
            {
                // The entry's own fault (a bad body, a duplicate key id): the store is fine, and says which entry.
                throw new LedgerEntryException(ex.Row, $"{append.Entries[ex.Row].Kind}: {ex.InnerException!.Message}", ex.InnerException);
            }
            catch (SqliteRowException ex) when (ex.Row >= 0 || !IsConstraint(ex.InnerException))
            {
                // A store error: the caller sees SQLite's own exception, as before.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException!);
            }

            _commit.Execute();
        }
        catch
        {
            RollBack();
            throw;
        }
    }

    private static bool IsEntryFault(Exception? ex) => ex is FormatException or EncoderFallbackException || IsConstraint(ex);

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
