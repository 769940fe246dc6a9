using System.Text.Json;
using Heed.Core.Schemas;
using Heed.Storage.Ledger;
using Microsoft.Data.Sqlite;

namespace Heed.Storage.Sqlite;

/// <summary>Columns and row mapping of the <c>schemas</c> and <c>schema_minimums</c> tables; a version's purposes are kept as a JSON array.</summary>
internal static class SqliteSchemaRows
{
    public const string SchemaColumns = "type, version, subject_pointer, purposes, dataschema, status, lsn, registered_ms, registered_by, status_lsn, status_ms, status_by";
    public const string MinimumColumns = "type, min_version, lsn, set_ms, set_by";

    public static SchemaRow ReadSchema(SqliteDataReader row)
    {
        string status = row.GetString(5);
        if (!SchemaTransitions.TryParseStatus(status, out SchemaStatus parsed))
        {
            throw new FormatException($"the schemas table holds the status \"{status}\"");
        }

        var schema = new EventSchema(row.GetString(0), row.GetInt32(1), Text(row, 2), Purposes(row.GetString(3)), parsed, Text(row, 4));
        return new SchemaRow(
            schema,
            row.GetInt64(6),
            LedgerTime.FromUnixMilliseconds(row.GetInt64(7)),
            Text(row, 8),
            row.IsDBNull(9) ? null : row.GetInt64(9),
            row.IsDBNull(10) ? null : LedgerTime.FromUnixMilliseconds(row.GetInt64(10)),
            Text(row, 11));
    }

    public static SchemaMinimumRow ReadMinimum(SqliteDataReader row) =>
        new(row.GetString(0), row.GetInt32(1), row.GetInt64(2), LedgerTime.FromUnixMilliseconds(row.GetInt64(3)), Text(row, 4));

    public static string PurposesText(IReadOnlyList<string> purposes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (string purpose in purposes)
            {
                writer.WriteStringValue(purpose);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string[] Purposes(string text)
    {
        using JsonDocument doc = JsonDocument.Parse(text);
        return [.. doc.RootElement.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static string? Text(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
