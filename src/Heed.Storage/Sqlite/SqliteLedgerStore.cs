using System.Runtime.CompilerServices;
using Heed.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>
/// The embedded ledger store (docs/operations.md): one SQLite file in WAL mode with <c>synchronous=FULL</c>, one
/// writer connection and pooled read-only connections, so reads never wait for the writer.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite does its I/O synchronously even behind the async methods; the async shape
/// here is the contract's, so that a networked store can implement it truly asynchronously.
/// </remarks>
public sealed class SqliteLedgerStore : ILedgerStore
{
    /// <summary>The file name used inside a data directory.</summary>
    public const string DefaultFileName = "heed.db";

    /// <summary>How much free space recovery asks for beyond what SQLite's own probe needs (see <see cref="RecoverAsync"/>).</summary>
    public const int RecoveryHeadroom = 256 * 1024;

    private readonly string _writeConnectionString;
    private readonly string _readConnectionString;
    private readonly string _checkpointConnectionString;
    private readonly bool _readOnly;
    private SqliteLedgerWriter? _writer;
    private bool _disposed;

    /// <param name="databasePath">
    /// The database file, or an existing directory (or a path ending in a separator) to keep
    /// <see cref="DefaultFileName"/> in.
    /// </param>
    public SqliteLedgerStore(string databasePath)
        : this(databasePath, readOnly: false)
    {
    }

    private SqliteLedgerStore(string databasePath, bool readOnly)
    {
        _readOnly = readOnly;
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        bool isDirectory = Directory.Exists(databasePath) || Path.EndsInDirectorySeparator(databasePath);
        DatabasePath = Path.GetFullPath(isDirectory ? Path.Combine(databasePath, DefaultFileName) : databasePath);

        // The writer's connection is its own for the store's lifetime; readers come from the pool and
        // open read-only, so no read path can write by mistake.
        _writeConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        _readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = readOnly ? ReadOnlySource(DatabasePath) : DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
        }.ToString();

        // Checkpoints are written beside the writer, on connections of their own. NORMAL: a checkpoint the power took
        // is signed again; the writer's next FULL commit makes it durable anyway.
        _checkpointConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
        }.ToString();
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Opens (creating if needed) <c>heed.db</c> in <paramref name="dataDirectory"/>, initialized.</summary>
    public static async Task<SqliteLedgerStore> OpenAsync(string dataDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var store = new SqliteLedgerStore(Path.Combine(dataDirectory, DefaultFileName));
        try
        {
            await store.InitializeAsync(cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens an existing database only to read it, for <c>heed audit verify</c> on a copied data directory: no writer,
    /// no lock, nothing created or migrated. Appends, recovery and saving checkpoints throw.
    /// </summary>
    /// <param name="databasePath">The database file, or the data directory holding <see cref="DefaultFileName"/>.</param>
    /// <exception cref="FileNotFoundException">There is no database there.</exception>
    public static SqliteLedgerStore OpenReadOnly(string databasePath)
    {
        var store = new SqliteLedgerStore(databasePath, readOnly: true);
        if (!File.Exists(store.DatabasePath))
        {
            throw new FileNotFoundException($"there is no ledger database {store.DatabasePath}", store.DatabasePath);
        }

        try
        {
            using SqliteConnection connection = store.OpenReader();
            SqliteSchema.CheckVersion(connection);
            return store;
        }
        catch
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_readOnly)
        {
            return Task.CompletedTask;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_writer is null)
        {
            string? directory = Path.GetDirectoryName(DatabasePath);
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            _writer = SqliteLedgerWriter.Open(_writeConnectionString);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LedgerEntry>> AppendAsync(IReadOnlyList<NewEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        cancellationToken.ThrowIfCancellationRequested();
        SqliteLedgerWriter writer = Writer();
        if (entries.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<LedgerEntry>>([]);
        }

        return Task.FromResult<IReadOnlyList<LedgerEntry>>(writer.Append(entries));
    }

    public Task RecoverAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_readOnly)
        {
            throw new InvalidOperationException($"the ledger store {DatabasePath} is open read-only");
        }

        cancellationToken.ThrowIfCancellationRequested();

        // On a full disk a small commit can still fit in the space the failed one left inside the WAL file,
        // so the store would seem to work and fail again at the next write. Real free space first.
        ProveFreeSpace();

        // A fresh connection: no transaction or statement state survives from the append that failed, and the
        // head is read back from the file rather than trusted from memory.
        _writer?.Dispose();
        _writer = null;
        var writer = SqliteLedgerWriter.Open(_writeConnectionString);
        try
        {
            writer.Probe();
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        _writer = writer;
        return Task.CompletedTask;
    }

    public async Task<string> GetLedgerIdAsync(CancellationToken cancellationToken = default) =>
        (await ReadListAsync("SELECT value FROM meta WHERE key = 'ledger_id';", static _ => { }, static r => r.GetString(0), cancellationToken)).Single();

    public async Task<long> GetHeadAsync(CancellationToken cancellationToken = default) => _readOnly
        ? (await ReadListAsync("SELECT coalesce(max(lsn), 0) FROM ledger;", static _ => { }, static r => r.GetInt64(0), cancellationToken)).Single()
        : Writer().Head;

    public Task SaveCheckpointAsync(long size, string note, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(note);
        cancellationToken.ThrowIfCancellationRequested();
        Writer();
        using var connection = new SqliteConnection(_checkpointConnectionString);
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL; INSERT INTO checkpoints(size, note) VALUES($size, $note) ON CONFLICT(size) DO NOTHING;";
        command.Parameters.AddWithValue("$size", size);
        command.Parameters.AddWithValue("$note", note);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public async Task<CheckpointRow?> ReadLatestCheckpointAsync(CancellationToken cancellationToken = default)
    {
        // A database of an older Heed, read without migrating it, may have no checkpoints table yet.
        if (_readOnly && (await ReadListAsync("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checkpoints';", static _ => { }, static r => r.GetInt64(0), cancellationToken)).Count == 0)
        {
            return null;
        }

        IReadOnlyList<CheckpointRow> rows = await ReadListAsync(
            "SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1;",
            static _ => { },
            static r => new CheckpointRow(r.GetInt64(0), r.GetString(1)),
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<LedgerEntry>> ReadAfterAsync(long afterLsn, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterLsn);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadListAsync(
            $"SELECT {SqliteRows.EntryColumns} FROM ledger WHERE lsn > $after ORDER BY lsn LIMIT $limit;",
            command =>
            {
                command.Parameters.AddWithValue("$after", afterLsn);
                command.Parameters.AddWithValue("$limit", limit);
            },
            SqliteRows.ReadEntry,
            cancellationToken);
    }

    public Task<IReadOnlyList<LedgerEntry>> ReadHistoryAsync(string subject, CancellationToken cancellationToken = default) =>
        ReadHistoryAsync(subject, 0, -1, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> ReadHistoryAsync(string subject, long afterLsn, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);

        // LIMIT -1 is SQLite's "no limit".
        return ReadListAsync(
            $"SELECT {SqliteRows.EntryColumns} FROM ledger WHERE subject = $subject AND kind IN ('{EntryKinds.OptOutSet}', '{EntryKinds.OptOutClear}') AND lsn > $after ORDER BY lsn LIMIT $limit;",
            command =>
            {
                command.Parameters.AddWithValue("$subject", subject);
                command.Parameters.AddWithValue("$after", afterLsn);
                command.Parameters.AddWithValue("$limit", limit);
            },
            SqliteRows.ReadEntry,
            cancellationToken);
    }

    public Task<IReadOnlyList<OptOutRow>> ReadOptOutsAsync(string subject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return ReadListAsync(
            $"SELECT {SqliteRows.OptOutColumns} FROM optouts WHERE subject = $subject ORDER BY purpose;",
            command => command.Parameters.AddWithValue("$subject", subject),
            SqliteRows.ReadOptOut,
            cancellationToken);
    }

    public async IAsyncEnumerable<OptOutRow> ReadAllOptOutsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // One statement is one read snapshot in WAL mode: a consistent state however long the stream
        // takes, without holding the rows in memory.
        await using SqliteConnection connection = OpenReader();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {SqliteRows.OptOutColumns} FROM optouts ORDER BY subject, purpose;";
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return SqliteRows.ReadOptOut(reader);
        }
    }

    public Task<IReadOnlyList<KeyRow>> ReadKeysAsync(CancellationToken cancellationToken = default) =>
        ReadListAsync(
            $"SELECT {SqliteRows.KeyColumns} FROM keys ORDER BY created_ms, id;",
            static _ => { },
            SqliteRows.ReadKey,
            cancellationToken);

    public Task<IReadOnlyList<OverrideRow>> ReadOverridesAsync(CancellationToken cancellationToken = default) =>
        ReadListAsync(
            $"SELECT {SqliteRows.OverrideColumns} FROM overrides ORDER BY request_lsn;",
            static _ => { },
            SqliteRows.ReadOverride,
            cancellationToken);

    public Task<IReadOnlyList<SettingRow>> ReadSettingsAsync(CancellationToken cancellationToken = default) =>
        ReadListAsync(
            $"SELECT {SqliteRows.SettingColumns} FROM settings ORDER BY name;",
            static _ => { },
            SqliteRows.ReadSetting,
            cancellationToken);

    public Task<IReadOnlyList<SchemaRow>> ReadSchemasAsync(CancellationToken cancellationToken = default) =>
        ReadListAsync(
            $"SELECT {SqliteSchemaRows.SchemaColumns} FROM schemas ORDER BY type, version;",
            static _ => { },
            SqliteSchemaRows.ReadSchema,
            cancellationToken);

    public Task<IReadOnlyList<SchemaMinimumRow>> ReadSchemaMinimumsAsync(CancellationToken cancellationToken = default) =>
        ReadListAsync(
            $"SELECT {SqliteSchemaRows.MinimumColumns} FROM schema_minimums ORDER BY type;",
            static _ => { },
            SqliteSchemaRows.ReadMinimum,
            cancellationToken);

    public Task<IReadOnlyList<PurposeRow>> ReadPurposesAsync(CancellationToken cancellationToken = default) =>
        ReadListAsync(
            $"SELECT {SqliteRows.PurposeColumns} FROM purposes ORDER BY coalesce(add_lsn, deprecate_lsn), name;",
            static _ => { },
            SqliteRows.ReadPurpose,
            cancellationToken);

    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        _disposed = true;
        _writer?.Dispose();
        _writer = null;

        // Close the idle pooled readers of this file too, so the file is free once the store is gone.
        using (var reader = new SqliteConnection(_readConnectionString))
        {
            SqliteConnection.ClearPool(reader);
        }

        using (var checkpoints = new SqliteConnection(_checkpointConnectionString))
        {
            SqliteConnection.ClearPool(checkpoints);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A pragma's value on the writer connection (tests prove durability settings with it).</summary>
    internal string ReadWriterPragma(string name) => Writer().ReadPragma(name);

    private void ProveFreeSpace()
    {
        string path = DatabasePath + "-space";
        try
        {
            using var probe = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
            probe.Write(new byte[RecoveryHeadroom]);
            probe.Flush(flushToDisk: true);
        }
        catch (IOException ex)
        {
            throw new IOException($"cannot write {RecoveryHeadroom / 1024} KiB next to {DatabasePath}: {ex.Message}", ex);
        }
    }

    // Even a read-only connection makes -wal and -shm files beside a WAL database. A database without a -wal file (one
    // whose last writer closed cleanly) is whole in its one file, and SQLite may read it as immutable, creating nothing;
    // one with a -wal file (copied while it ran) needs the WAL read as well.
    private static string ReadOnlySource(string path) =>
        File.Exists(path + "-wal") ? path : new Uri(path).AbsoluteUri + "?immutable=1";

    private SqliteLedgerWriter Writer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_readOnly)
        {
            throw new InvalidOperationException($"the ledger store {DatabasePath} is open read-only");
        }

        return _writer ?? throw new InvalidOperationException("the ledger store is not initialized; call InitializeAsync first");
    }

    private SqliteConnection OpenReader()
    {
        // Readers need the schema, which the writer creates; refuse to read from a store never initialized.
        if (!_readOnly)
        {
            Writer();
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    private Task<IReadOnlyList<T>> ReadListAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using SqliteConnection connection = OpenReader();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(map(reader));
        }

        return Task.FromResult<IReadOnlyList<T>>(rows);
    }
}
