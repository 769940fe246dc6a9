using System.Text;
using System.Text.Json;

namespace Heed.Storage.Ledger;

/// <summary>
/// The canonical JSON of a ledger body (an object of string fields, keys sorted, nulls left out, no
/// whitespace) together with the fields it was written from. A store that needs a field of a body built
/// here (an opt-out's <c>source</c>) takes it from the fields instead of parsing the JSON it just got.
/// </summary>
public sealed class CanonicalBody
{
    private readonly (string Key, string? Value)[] _fields;

    private CanonicalBody((string Key, string? Value)[] fields, string json)
    {
        _fields = fields;
        Json = json;
    }

    public string Json { get; }

    /// <exception cref="ArgumentException">A key appears twice: the JSON would hold a field that a reader refuses.</exception>
    public static CanonicalBody Of(params (string Key, string? Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        (string Key, string? Value)[] sorted = [.. fields];
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Key == sorted[i - 1].Key)
            {
                throw new ArgumentException($"the body repeats the field \"{sorted[i].Key}\"", nameof(fields));
            }
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach ((string key, string? value) in sorted)
            {
                if (value is not null)
                {
                    writer.WriteString(key, value);
                }
            }

            writer.WriteEndObject();
        }

        return new CanonicalBody(sorted, Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
    }

    /// <summary>The value written for <paramref name="key"/>, or null when it was null or not given.</summary>
    public string? Field(string key)
    {
        foreach ((string k, string? value) in _fields)
        {
            if (k == key)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A string field of a stored body, or null.</summary>
    public static string? Read(string json, string key)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }
}
