using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Heed.Registry.State;

/// <summary>Canonical JSON for ledger bodies: an object, keys sorted, nulls left out, no whitespace.</summary>
public static class CanonicalJson
{
    /// <summary>A body of string fields.</summary>
    public static string Write(params (string Key, string? Value)[] fields) =>
        Write(fields, static (writer, key, value) => writer.WriteString(key, value));

    /// <summary>A body that holds numbers, booleans or arrays of strings too (override entries).</summary>
    public static string Write(params (string Key, JsonNode? Value)[] fields) =>
        Write(fields, static (writer, key, value) =>
        {
            writer.WritePropertyName(key);
            value.WriteTo(writer);
        });

    /// <summary>A string field of a body, or null.</summary>
    public static string? Field(string body, string key)
    {
        using JsonDocument doc = JsonDocument.Parse(body);
        return doc.RootElement.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }

    private static string Write<T>((string Key, T? Value)[] fields, Action<Utf8JsonWriter, string, T> write)
        where T : class
    {
        Array.Sort(fields, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach ((string key, T? value) in fields)
            {
                if (value is not null)
                {
                    write(writer, key, value);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
