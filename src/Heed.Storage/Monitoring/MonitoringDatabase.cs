using Microsoft.Data.Sqlite;

namespace Heed.Storage.Monitoring;

/// <summary>
/// The registry's monitoring file (<c>monitoring.db</c>) beside the ledger: receipts, violations, webhook
/// deliveries, chart samples. Observations, not changes of state, so they are not in the ledger or its hash
/// chain, and recording them never takes the ledger writer's lock. Each part (<see cref="ReceiptStore"/> and
/// the others) opens its own connections through <see cref="Open"/> and creates its own tables.
/// </summary>
/// <remarks>
/// WAL with <c>synchronous=NORMAL</c>: a committed transaction survives <c>kill -9</c> of the registry; a power
/// loss may lose the last ones. Whoever is answered "stored" (a receipt batch) was answered after the commit.
/// </remarks>
public sealed class MonitoringDatabase
{
    public const string FileName = "monitoring.db";

    private readonly string _connectionString;

    private MonitoringDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>Creates (owner-only) <see cref="FileName"/> in <paramref name="dataDirectory"/> if needed.</summary>
    public static MonitoringDatabase Create(string dataDirectory)
    {
        string path = System.IO.Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path) && !OperatingSystem.IsWindows())
        {
            // Created 0600 before SQLite opens it; its -wal and -shm files take the same mode.
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }

        var database = new MonitoringDatabase(path);
        using SqliteConnection connection = database.Open();
        using SqliteCommand setup = connection.CreateCommand();
        setup.CommandText = "PRAGMA journal_mode=WAL;";
        setup.ExecuteNonQuery();
        return database;
    }

    /// <summary>An open connection with the file's settings; the caller disposes it. Several may be open at once:
    /// writers wait for each other (busy timeout), readers never wait.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using SqliteCommand pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        pragmas.ExecuteNonQuery();
        return connection;
    }
}
