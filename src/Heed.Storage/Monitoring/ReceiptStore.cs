using Microsoft.Data.Sqlite;

namespace Heed.Storage.Monitoring;

/// <summary>
/// Receipts, durably, in <see cref="MonitoringDatabase"/>: appended in batches (all of a batch or none), read in
/// arrival order by whoever tails them (violation detection), and each reporter's count of dropped receipts.
/// A receipt id stored before is not stored again, so a batch resent after a lost answer is stored once.
/// </summary>
public sealed class ReceiptStore : IDisposable
{
    private readonly MonitoringDatabase _database;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly TimeProvider _time;
    private long _lastSeq;

    public ReceiptStore(MonitoringDatabase database, TimeProvider? time = null)
    {
        _database = database;
        _time = time ?? TimeProvider.System;
        _writer = database.Open();
        using SqliteCommand setup = _writer.CreateCommand();
        setup.CommandText = """
            CREATE TABLE IF NOT EXISTS receipts(
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                subject TEXT NOT NULL,
                purpose TEXT NOT NULL,
                service TEXT NOT NULL,
                event_id TEXT NOT NULL,
                processed_ms INTEGER NOT NULL,
                decision_id TEXT,
                lsn INTEGER,
                enforcement_point TEXT,
                received_ms INTEGER NOT NULL,
                reporter TEXT) STRICT;
            CREATE INDEX IF NOT EXISTS receipts_subject ON receipts(subject, seq);
            CREATE INDEX IF NOT EXISTS receipts_service ON receipts(service, seq);
            CREATE TABLE IF NOT EXISTS receipt_reporters(
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                dropped INTEGER NOT NULL,
                last_seen_ms INTEGER NOT NULL) STRICT;
            """;
        setup.ExecuteNonQuery();
        using SqliteCommand last = _writer.CreateCommand();
        last.CommandText = "SELECT coalesce(max(seq), 0) FROM receipts;";
        _lastSeq = (long)last.ExecuteScalar()!;
    }

    /// <summary>Raised after each append that stored a receipt, with the last stored seq; tailers wake on it.</summary>
    public event Action<long>? Appended;

    /// <summary>The seq of the last stored receipt (0 when none).</summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    /// <summary>Stores <paramref name="receipts"/> in one transaction, and the reporter's cumulative dropped count
    /// (the larger of the stored one and <paramref name="reporter"/>'s). Returns once it is committed.</summary>
    public async Task<ReceiptAppend> AppendAsync(IReadOnlyList<NewReceipt> receipts, ReporterRow? reporter, CancellationToken cancellationToken = default)
    {
        await _write.WaitAsync(cancellationToken);
        try
        {
            long receivedMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            using SqliteTransaction transaction = _writer.BeginTransaction();
            int accepted = 0;
            using (SqliteCommand insert = _writer.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO receipts(id, subject, purpose, service, event_id, processed_ms, decision_id, lsn, enforcement_point, received_ms, reporter)
                    VALUES($id, $subject, $purpose, $service, $event, $processed, $decision, $lsn, $point, $received, $reporter)
                    ON CONFLICT(id) DO NOTHING;
                    """;
                SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Text);
                SqliteParameter subject = insert.Parameters.Add("$subject", SqliteType.Text);
                SqliteParameter purpose = insert.Parameters.Add("$purpose", SqliteType.Text);
                SqliteParameter service = insert.Parameters.Add("$service", SqliteType.Text);
                SqliteParameter eventId = insert.Parameters.Add("$event", SqliteType.Text);
                SqliteParameter processed = insert.Parameters.Add("$processed", SqliteType.Integer);
                SqliteParameter decision = insert.Parameters.Add("$decision", SqliteType.Text);
                SqliteParameter lsn = insert.Parameters.Add("$lsn", SqliteType.Integer);
                SqliteParameter point = insert.Parameters.Add("$point", SqliteType.Text);
                insert.Parameters.AddWithValue("$received", receivedMs);
                insert.Parameters.AddWithValue("$reporter", (object?)reporter?.Id ?? DBNull.Value);
                insert.Prepare();
                foreach (NewReceipt r in receipts)
                {
                    id.Value = r.Id;
                    subject.Value = r.Subject;
                    purpose.Value = r.Purpose;
                    service.Value = r.Service;
                    eventId.Value = r.EventId;
                    processed.Value = r.ProcessedAt.ToUnixTimeMilliseconds();
                    decision.Value = (object?)r.DecisionId ?? DBNull.Value;
                    lsn.Value = (object?)r.Lsn ?? DBNull.Value;
                    point.Value = (object?)r.EnforcementPoint ?? DBNull.Value;
                    accepted += insert.ExecuteNonQuery();
                }
            }

            if (reporter is not null)
            {
                using SqliteCommand upsert = _writer.CreateCommand();
                upsert.Transaction = transaction;
                upsert.CommandText = """
                    INSERT INTO receipt_reporters(id, kind, dropped, last_seen_ms) VALUES($id, $kind, $dropped, $seen)
                    ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, dropped = max(dropped, excluded.dropped), last_seen_ms = excluded.last_seen_ms;
                    """;
                upsert.Parameters.AddWithValue("$id", reporter.Id);
                upsert.Parameters.AddWithValue("$kind", reporter.Kind);
                upsert.Parameters.AddWithValue("$dropped", reporter.Dropped);
                upsert.Parameters.AddWithValue("$seen", receivedMs);
                upsert.ExecuteNonQuery();
            }

            long lastSeq;
            using (SqliteCommand last = _writer.CreateCommand())
            {
                last.Transaction = transaction;
                last.CommandText = "SELECT coalesce(max(seq), 0) FROM receipts;";
                lastSeq = (long)last.ExecuteScalar()!;
            }

            transaction.Commit();
            Interlocked.Exchange(ref _lastSeq, lastSeq);
            if (accepted > 0)
            {
                Appended?.Invoke(lastSeq);
            }

            return new ReceiptAppend(accepted, receipts.Count - accepted, lastSeq);
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>Receipts with seq &gt; <paramref name="afterSeq"/>, in arrival order, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<StoredReceipt> ReadAfter(long afterSeq, int limit)
    {
        using SqliteConnection connection = _database.Open();
        using SqliteCommand read = connection.CreateCommand();
        read.CommandText = """
            SELECT seq, id, subject, purpose, service, event_id, processed_ms, decision_id, lsn, enforcement_point, received_ms, reporter
            FROM receipts WHERE seq > $after ORDER BY seq LIMIT $limit;
            """;
        read.Parameters.AddWithValue("$after", afterSeq);
        read.Parameters.AddWithValue("$limit", limit);
        using SqliteDataReader reader = read.ExecuteReader();
        var receipts = new List<StoredReceipt>();
        while (reader.Read())
        {
            receipts.Add(Read(reader));
        }

        return receipts;
    }

    /// <summary>Every reporter that sent a batch, by id.</summary>
    public IReadOnlyList<ReporterRow> ReadReporters()
    {
        using SqliteConnection connection = _database.Open();
        using SqliteCommand read = connection.CreateCommand();
        read.CommandText = "SELECT id, kind, dropped, last_seen_ms FROM receipt_reporters ORDER BY id;";
        using SqliteDataReader reader = read.ExecuteReader();
        var rows = new List<ReporterRow>();
        while (reader.Read())
        {
            rows.Add(new ReporterRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return rows;
    }

    /// <summary>Reads one row of the columns <see cref="ReadAfter"/> selects, in its order.</summary>
    internal static StoredReceipt Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetInt64(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
        reader.IsDBNull(11) ? null : reader.GetString(11));

    public void Dispose()
    {
        _writer.Dispose();
        _write.Dispose();
    }
}
