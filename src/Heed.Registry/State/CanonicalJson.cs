using System.Text;
using System.Text.Json;

namespace Heed.Registry.State;

/// <summary>Canonical JSON for ledger bodies: an object of string fields, keys sorted, nulls left out, no whitespace.</summary>
public static class CanonicalJson
{
    public static string Write(params (string Key, string? Value)[] fields)
    {
        Array.Sort(fields, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach ((string key, string? value) in fields)
            {
                if (value is not null)
                {
                    writer.WriteString(key, value);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>A string field of a body, or null.</summary>
    public static string? Field(string body, string key)
    {
        using JsonDocument doc = JsonDocument.Parse(body);
        return doc.RootElement.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }
}
