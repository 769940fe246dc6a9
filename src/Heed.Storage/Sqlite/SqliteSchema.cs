using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>The SQLite schema of the ledger and its materialized state, and the checks made on open.</summary>
internal static class SqliteSchema
{
    /// <summary>The schema this code writes. A database from a newer Heed is refused, not guessed at.</summary>
    public const int Version = 1;

    // STRICT tables refuse a value of the wrong type instead of storing it. The optouts and keys tables
    // are WITHOUT ROWID: they are only ever looked up by their primary key, which then holds the row.
    private const string Create = """
        CREATE TABLE IF NOT EXISTS meta(
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS ledger(
            lsn       INTEGER PRIMARY KEY,
            kind      TEXT NOT NULL,
            subject   TEXT,
            purpose   TEXT,
            at_ms     INTEGER NOT NULL,
            body      TEXT NOT NULL,
            prev_hash BLOB NOT NULL,
            hash      BLOB NOT NULL
        ) STRICT;

        -- Key entries carry no subject; they need no place in the history index.
        CREATE INDEX IF NOT EXISTS ledger_subject ON ledger(subject) WHERE subject IS NOT NULL;

        CREATE TABLE IF NOT EXISTS optouts(
            subject  TEXT NOT NULL,
            purpose  TEXT NOT NULL,
            lsn      INTEGER NOT NULL,
            since_ms INTEGER NOT NULL,
            source   TEXT,
            PRIMARY KEY(subject, purpose)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS keys(
            id          TEXT PRIMARY KEY,
            role        TEXT NOT NULL,
            name        TEXT NOT NULL,
            secret_hash TEXT NOT NULL,
            created_ms  INTEGER NOT NULL,
            revoked_ms  INTEGER
        ) STRICT, WITHOUT ROWID;

        -- Overrides (docs/overrides.md): the request's body holds the whole scope; its chain hash is what an
        -- approval must name. Approval and revocation fill in the rest; a row is never deleted.
        CREATE TABLE IF NOT EXISTS overrides(
            id                TEXT PRIMARY KEY,
            request_lsn       INTEGER NOT NULL,
            request_hash      BLOB NOT NULL,
            request_body      TEXT NOT NULL,
            requested_ms      INTEGER NOT NULL,
            service           TEXT,
            enforcement_point TEXT,
            ttl_seconds       INTEGER NOT NULL,
            approve_lsn       INTEGER,
            approved_by       TEXT,
            approved_ms       INTEGER,
            ends_ms           INTEGER,
            revoke_lsn        INTEGER,
            revoked_by        TEXT,
            revoked_ms        INTEGER
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS settings(
            name   TEXT PRIMARY KEY,
            value  TEXT NOT NULL,
            lsn    INTEGER NOT NULL,
            set_ms INTEGER NOT NULL,
            set_by TEXT
        ) STRICT, WITHOUT ROWID;

        -- The schema registry (docs/schemas.md): each registered version of each CloudEvents type, and each type's
        -- minimum accepted version. A version row is never deleted; only its status moves (active, deprecated, retired).
        CREATE TABLE IF NOT EXISTS schemas(
            type            TEXT NOT NULL,
            version         INTEGER NOT NULL,
            subject_pointer TEXT,
            purposes        TEXT NOT NULL,
            dataschema      TEXT,
            status          TEXT NOT NULL,
            lsn             INTEGER NOT NULL,
            registered_ms   INTEGER NOT NULL,
            registered_by   TEXT,
            status_lsn      INTEGER,
            status_ms       INTEGER,
            status_by       TEXT,
            PRIMARY KEY(type, version)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS schema_minimums(
            type        TEXT PRIMARY KEY,
            min_version INTEGER NOT NULL,
            lsn         INTEGER NOT NULL,
            set_ms      INTEGER NOT NULL,
            set_by      TEXT
        ) STRICT, WITHOUT ROWID;

        -- The taxonomy beyond the built-in one (docs/schemas.md, "Purposes"): a row per purpose.add (add_lsn) and
        -- per deprecated node, added or built-in (deprecate_lsn). The registry replays both in LSN order on start.
        CREATE TABLE IF NOT EXISTS purposes(
            name          TEXT PRIMARY KEY,
            add_lsn       INTEGER,
            added_ms      INTEGER,
            added_by      TEXT,
            deprecate_lsn INTEGER,
            deprecated_ms INTEGER,
            deprecated_by TEXT,
            successor     TEXT
        ) STRICT, WITHOUT ROWID;

        -- Signed checkpoints of the audit tree (docs/audit.md), one per tree size: what an offline verifier checks
        -- the recomputed root against, and what shows a truncated tail. Written outside the append transaction.
        CREATE TABLE IF NOT EXISTS checkpoints(
            size INTEGER PRIMARY KEY,
            note TEXT NOT NULL
        ) STRICT;

        -- One row that the writer rewrites to prove the store takes writes again after a store error.
        CREATE TABLE IF NOT EXISTS probe(
            id    INTEGER PRIMARY KEY,
            count INTEGER NOT NULL
        ) STRICT;

        INSERT INTO meta(key, value) VALUES('schema_version', '1') ON CONFLICT(key) DO NOTHING;

        -- The ledger's identity: random, made once with the store and kept with it, so a replica can tell
        -- this ledger from one restored elsewhere or started over in an empty data directory.
        INSERT INTO meta(key, value) VALUES('ledger_id', lower(hex(randomblob(16)))) ON CONFLICT(key) DO NOTHING;
        """;

    /// <summary>Sets the writer's durability settings, creates the schema and checks its version.</summary>
    public static void Prepare(SqliteConnection writer)
    {
        // WAL lets readers run beside the writer; it is a property of the file and sticks once set.
        string mode = Scalar(writer, "PRAGMA journal_mode=WAL;");
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"the ledger database could not use WAL journaling (got '{mode}')");
        }

        // FULL: in WAL mode, NORMAL can lose the last commits on power loss; an acknowledged write must not (G3).
        // The larger cache keeps the upper levels of the subject index hot during bulk imports.
        // The write path steps native statements, outside Microsoft.Data.Sqlite's retry loop, so SQLite
        // itself waits when a reader briefly holds a lock it needs (a checkpoint, a WAL restart).
        Execute(writer, "PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA busy_timeout=5000;");

        using (SqliteTransaction transaction = writer.BeginTransaction())
        {
            Execute(writer, Create, transaction);
            transaction.Commit();
        }

        CheckVersion(writer);
    }

    /// <summary>Refuses a database of a newer Heed.</summary>
    public static void CheckVersion(SqliteConnection connection)
    {
        int version = int.Parse(Scalar(connection, "SELECT value FROM meta WHERE key = 'schema_version';"), CultureInfo.InvariantCulture);
        if (version > Version)
        {
            throw new NotSupportedException($"the ledger database has schema version {version}; this Heed understands up to {Version}");
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    internal static string Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
