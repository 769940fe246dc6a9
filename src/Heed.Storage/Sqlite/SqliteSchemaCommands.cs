using Heed.Core.Schemas;
using Heed.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>
/// The schema registry's tables (docs/schemas.md), kept in step with <c>schema.*</c> entries inside the append's
/// transaction. The store is the last word on the rules the registry checks first: the same Core rules
/// (<see cref="SchemaCompatibility"/>, <see cref="SchemaTransitions"/>) against the rows as they are in this
/// transaction, so an entry that breaks them never reaches the ledger. These kinds are rare, so the current
/// rows are read with an ordinary command rather than a prepared native statement.
/// </summary>
internal sealed class SqliteSchemaCommands(SqliteConnection connection) : IDisposable
{
    private readonly SqliteStatement _insert = new(
        connection,
        $"INSERT INTO schemas({SqliteSchemaRows.SchemaColumns}) VALUES(?1, ?2, ?3, ?4, ?5, 'active', ?6, ?7, ?8, NULL, NULL, NULL);");

    private readonly SqliteStatement _status = new(
        connection,
        "UPDATE schemas SET status = ?3, status_lsn = ?4, status_ms = ?5, status_by = ?6 WHERE type = ?1 AND version = ?2;");

    private readonly SqliteStatement _minimum = new(
        connection,
        $"""
        INSERT INTO schema_minimums({SqliteSchemaRows.MinimumColumns}) VALUES(?1, ?2, ?3, ?4, ?5)
        ON CONFLICT(type) DO UPDATE SET min_version = excluded.min_version, lsn = excluded.lsn, set_ms = excluded.set_ms, set_by = excluded.set_by;
        """);

    /// <summary>Applies one <c>schema.*</c> entry; false for any other kind.</summary>
    /// <exception cref="FormatException">The body cannot be applied, or the entry breaks a rule of the schema registry.</exception>
    public bool Apply(NewEntry entry, long lsn, long atMs)
    {
        switch (entry.Kind)
        {
            case EntryKinds.SchemaRegister:
                Register(entry.Body, lsn, atMs);
                return true;
            case EntryKinds.SchemaStatus:
                ChangeStatus(entry.Body, lsn, atMs);
                return true;
            case EntryKinds.SchemaMinimum:
                SetMinimum(entry.Body, lsn, atMs);
                return true;
            default:
                return false;
        }
    }

    public void Dispose()
    {
        _insert.Dispose();
        _status.Dispose();
        _minimum.Dispose();
    }

    private static int Version(string body, string field)
    {
        long value = EntryBody.GetRequiredInt64(body, field);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new FormatException($"\"{field}\" {value} is out of range");
    }

    private static void Refuse(SchemaConflict? conflict)
    {
        if (conflict is not null)
        {
            throw new FormatException(conflict.Detail);
        }
    }

    private void Register(string body, long lsn, long atMs)
    {
        string type = EntryBody.GetRequiredString(body, "type");
        IReadOnlyList<string> purposes = EntryBody.GetStrings(body, "purposes") ?? throw new FormatException("the entry body lacks the array field \"purposes\"");
        var next = new EventSchema(type, Version(body, "version"), EntryBody.GetString(body, "subjectPointer"), purposes, SchemaStatus.Active, EntryBody.GetString(body, "dataschema"));
        Refuse(SchemaCompatibility.Check(Highest(type), next));
        _insert.Bind(1, type);
        _insert.Bind(2, next.Version);
        _insert.Bind(3, next.SubjectIsAttribute ? null : next.SubjectPointer);
        _insert.Bind(4, SqliteSchemaRows.PurposesText(purposes));
        _insert.Bind(5, next.DataSchema);
        _insert.Bind(6, lsn);
        _insert.Bind(7, atMs);
        _insert.Bind(8, EntryBody.GetString(body, "registeredBy"));
        _insert.Execute();
    }

    private void ChangeStatus(string body, long lsn, long atMs)
    {
        string type = EntryBody.GetRequiredString(body, "type");
        int version = Version(body, "version");
        string status = EntryBody.GetRequiredString(body, "status");
        if (!SchemaTransitions.TryParseStatus(status, out SchemaStatus next))
        {
            throw new FormatException($"\"{status}\" is not a schema status");
        }

        Refuse(SchemaTransitions.CheckStatus(type, version, One(type, version), next));
        _status.Bind(1, type);
        _status.Bind(2, version);
        _status.Bind(3, status);
        _status.Bind(4, lsn);
        _status.Bind(5, atMs);
        _status.Bind(6, EntryBody.GetString(body, "by"));
        _status.Execute();
    }

    private void SetMinimum(string body, long lsn, long atMs)
    {
        string type = EntryBody.GetRequiredString(body, "type");
        int minVersion = Version(body, "minVersion");
        Refuse(SchemaTransitions.CheckMinimum(type, minVersion, Highest(type), CurrentMinimum(type)));
        _minimum.Bind(1, type);
        _minimum.Bind(2, minVersion);
        _minimum.Bind(3, lsn);
        _minimum.Bind(4, atMs);
        _minimum.Bind(5, EntryBody.GetString(body, "by"));
        _minimum.Execute();
    }

    private EventSchema? Highest(string type) =>
        ReadSchema($"SELECT {SqliteSchemaRows.SchemaColumns} FROM schemas WHERE type = $type ORDER BY version DESC LIMIT 1;", type, null);

    private EventSchema? One(string type, int version) =>
        ReadSchema($"SELECT {SqliteSchemaRows.SchemaColumns} FROM schemas WHERE type = $type AND version = $version;", type, version);

    private EventSchema? ReadSchema(string sql, string type, int? version)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$type", type);
        if (version is { } v)
        {
            command.Parameters.AddWithValue("$version", v);
        }

        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? SqliteSchemaRows.ReadSchema(reader).Schema : null;
    }

    private int CurrentMinimum(string type)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT min_version FROM schema_minimums WHERE type = $type;";
        command.Parameters.AddWithValue("$type", type);
        return command.ExecuteScalar() is long value ? (int)value : 0;
    }
}
