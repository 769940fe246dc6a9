using Microsoft.Data.Sqlite;

namespace Heed.Storage.Monitoring;

/// <summary>
/// Violations, durably, in <see cref="MonitoringDatabase"/>, with the cursors of whoever finds them (receipt detection
/// keeps the seq of the last receipt it judged). A violation recorded with a key already stored is not stored again,
/// so judging a receipt twice (after a crash between recording and moving the cursor) records it once.
/// </summary>
public sealed class ViolationStore : IDisposable
{
    public const string IdPrefix = "vio_";

    private const string Columns = "seq, id, key, kind, severity, service, enforcement_point, subject, purpose, detected_ms, processed_ms, summary, evidence, alerted";

    private readonly MonitoringDatabase _database;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _write = new(1, 1);

    public ViolationStore(MonitoringDatabase database)
    {
        _database = database;
        _writer = database.Open();
        using SqliteCommand setup = _writer.CreateCommand();
        setup.CommandText = """
            CREATE TABLE IF NOT EXISTS violations(
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                key TEXT UNIQUE,
                kind TEXT NOT NULL,
                severity TEXT NOT NULL,
                service TEXT NOT NULL,
                enforcement_point TEXT,
                subject TEXT NOT NULL,
                purpose TEXT NOT NULL,
                detected_ms INTEGER NOT NULL,
                processed_ms INTEGER,
                summary TEXT NOT NULL,
                evidence TEXT NOT NULL,
                alerted INTEGER NOT NULL) STRICT;
            CREATE INDEX IF NOT EXISTS violations_detected ON violations(detected_ms, seq);
            CREATE INDEX IF NOT EXISTS violations_service ON violations(service, seq);
            CREATE INDEX IF NOT EXISTS violations_subject ON violations(subject, seq);
            CREATE INDEX IF NOT EXISTS violations_unalerted ON violations(seq) WHERE alerted = 0;
            CREATE TABLE IF NOT EXISTS monitoring_cursors(name TEXT PRIMARY KEY, seq INTEGER NOT NULL) STRICT;
            """;
        setup.ExecuteNonQuery();
    }

    /// <summary>Stores <paramref name="row"/> unless its key is stored already; either way returns the violation's id.</summary>
    public async Task<ViolationInsert> InsertAsync(ViolationRow row, CancellationToken cancellationToken = default)
    {
        await _write.WaitAsync(cancellationToken);
        try
        {
            if (row.Key is not null)
            {
                using SqliteCommand find = _writer.CreateCommand();
                find.CommandText = "SELECT id, alerted FROM violations WHERE key = $key;";
                find.Parameters.AddWithValue("$key", row.Key);
                using SqliteDataReader found = find.ExecuteReader();
                if (found.Read())
                {
                    return new ViolationInsert(found.GetString(0), Inserted: false, Alerted: found.GetInt64(1) != 0);
                }
            }

            string id = IdPrefix + Guid.CreateVersion7(row.DetectedAt).ToString("N");
            using SqliteCommand insert = _writer.CreateCommand();
            insert.CommandText = """
                INSERT INTO violations(id, key, kind, severity, service, enforcement_point, subject, purpose, detected_ms, processed_ms, summary, evidence, alerted)
                VALUES($id, $key, $kind, $severity, $service, $point, $subject, $purpose, $detected, $processed, $summary, $evidence, 0);
                """;
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$key", (object?)row.Key ?? DBNull.Value);
            insert.Parameters.AddWithValue("$kind", row.Kind);
            insert.Parameters.AddWithValue("$severity", row.Severity);
            insert.Parameters.AddWithValue("$service", row.Service);
            insert.Parameters.AddWithValue("$point", (object?)row.EnforcementPoint ?? DBNull.Value);
            insert.Parameters.AddWithValue("$subject", row.Subject);
            insert.Parameters.AddWithValue("$purpose", row.Purpose);
            insert.Parameters.AddWithValue("$detected", row.DetectedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$processed", (object?)row.ProcessedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            insert.Parameters.AddWithValue("$summary", row.Summary);
            insert.Parameters.AddWithValue("$evidence", row.Evidence);
            insert.ExecuteNonQuery();
            return new ViolationInsert(id, Inserted: true, Alerted: false);
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>Marks the alert of <paramref name="id"/> raised.</summary>
    public async Task MarkAlertedAsync(string id, CancellationToken cancellationToken = default)
    {
        await _write.WaitAsync(cancellationToken);
        try
        {
            using SqliteCommand update = _writer.CreateCommand();
            update.CommandText = "UPDATE violations SET alerted = 1 WHERE id = $id;";
            update.Parameters.AddWithValue("$id", id);
            update.ExecuteNonQuery();
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>Violations whose alert was not raised yet (a crash between recording and raising), oldest first.</summary>
    public IReadOnlyList<StoredViolation> ReadUnalerted(int limit)
    {
        using SqliteConnection connection = _database.Open();
        using SqliteCommand read = connection.CreateCommand();
        read.CommandText = $"SELECT {Columns} FROM violations WHERE alerted = 0 ORDER BY seq LIMIT $limit;";
        read.Parameters.AddWithValue("$limit", limit);
        return ReadAll(read);
    }

    /// <summary>The violations <paramref name="query"/> asks for, newest first.</summary>
    public IReadOnlyList<StoredViolation> List(ViolationQuery query)
    {
        using SqliteConnection connection = _database.Open();
        using SqliteCommand read = connection.CreateCommand();
        var where = new List<string>();
        Filter(read, where, "service = $service", "$service", query.Service);
        Filter(read, where, "kind = $kind", "$kind", query.Kind);
        Filter(read, where, "subject = $subject", "$subject", query.Subject);
        Filter(read, where, "detected_ms >= $from", "$from", query.From?.ToUnixTimeMilliseconds());
        Filter(read, where, "detected_ms < $to", "$to", query.To?.ToUnixTimeMilliseconds());
        Filter(read, where, "seq < $before", "$before", query.BeforeSeq);
        read.CommandText = $"SELECT {Columns} FROM violations {(where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where))} ORDER BY seq DESC LIMIT $limit;";
        read.Parameters.AddWithValue("$limit", query.Limit);
        return ReadAll(read);
    }

    /// <summary>The violation of <paramref name="id"/>, or null.</summary>
    public StoredViolation? Find(string id)
    {
        using SqliteConnection connection = _database.Open();
        using SqliteCommand read = connection.CreateCommand();
        read.CommandText = $"SELECT {Columns} FROM violations WHERE id = $id;";
        read.Parameters.AddWithValue("$id", id);
        return ReadAll(read) is [var one] ? one : null;
    }

    /// <summary>Violations detected at or after <paramref name="since"/>, counted by service and kind.</summary>
    public IReadOnlyList<(string Service, string Kind, long Count)> Count(DateTimeOffset since)
    {
        using SqliteConnection connection = _database.Open();
        using SqliteCommand read = connection.CreateCommand();
        read.CommandText = "SELECT service, kind, count(*) FROM violations WHERE detected_ms >= $since GROUP BY service, kind ORDER BY service, kind;";
        read.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        using SqliteDataReader reader = read.ExecuteReader();
        var counts = new List<(string, string, long)>();
        while (reader.Read())
        {
            counts.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return counts;
    }

    /// <summary>The cursor <paramref name="name"/> (0 when never saved).</summary>
    public long ReadCursor(string name)
    {
        using SqliteConnection connection = _database.Open();
        using SqliteCommand read = connection.CreateCommand();
        read.CommandText = "SELECT seq FROM monitoring_cursors WHERE name = $name;";
        read.Parameters.AddWithValue("$name", name);
        return read.ExecuteScalar() is long seq ? seq : 0;
    }

    /// <summary>Saves the cursor <paramref name="name"/>; it only moves forward.</summary>
    public async Task SaveCursorAsync(string name, long seq, CancellationToken cancellationToken = default)
    {
        await _write.WaitAsync(cancellationToken);
        try
        {
            using SqliteCommand save = _writer.CreateCommand();
            save.CommandText = "INSERT INTO monitoring_cursors(name, seq) VALUES($name, $seq) ON CONFLICT(name) DO UPDATE SET seq = max(seq, excluded.seq);";
            save.Parameters.AddWithValue("$name", name);
            save.Parameters.AddWithValue("$seq", seq);
            save.ExecuteNonQuery();
        }
        finally
        {
            _write.Release();
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _write.Dispose();
    }

    private static void Filter(SqliteCommand command, List<string> where, string clause, string name, object? value)
    {
        if (value is not null)
        {
            where.Add(clause);
            command.Parameters.AddWithValue(name, value);
        }
    }

    private static List<StoredViolation> ReadAll(SqliteCommand read)
    {
        using SqliteDataReader reader = read.ExecuteReader();
        var rows = new List<StoredViolation>();
        while (reader.Read())
        {
            rows.Add(new StoredViolation(
                reader.GetInt64(0),
                reader.GetString(1),
                new ViolationRow(
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetString(7),
                    reader.GetString(8),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
                    reader.IsDBNull(10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
                    reader.GetString(11),
                    reader.GetString(12)),
                reader.GetInt64(13) != 0));
        }

        return rows;
    }
}
