using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Heed.Storage.Ledger;

/// <summary>
/// Reads the top-level string fields that a store needs to materialize state from an entry's body
/// (canonical JSON). The whole body is scanned, so a malformed body or a repeated field is refused
/// rather than half-applied.
/// </summary>
internal static class EntryBody
{
    // Bodies are small; only an unusually large one rents a buffer.
    private const int StackLimit = 1024;

    /// <summary>The string value of <paramref name="property"/>, or null when it is absent or JSON null.</summary>
    /// <exception cref="FormatException">The body is not a JSON object, repeats the field, or the field is not a string.</exception>
    public static string? GetString(string body, string property) => Read<string?>(body, property, ReadString);

    /// <summary>The integer value of <paramref name="property"/>, or null when it is absent or JSON null.</summary>
    /// <exception cref="FormatException">The body is not a JSON object, repeats the field, or the field is not a 64-bit integer.</exception>
    public static long? GetInt64(string body, string property) => Read<long?>(body, property, ReadInt64);

    /// <summary>The strings of the array <paramref name="property"/>, or null when it is absent or JSON null.</summary>
    /// <exception cref="FormatException">The body is not a JSON object, repeats the field, or the field is not an array of strings.</exception>
    public static IReadOnlyList<string>? GetStrings(string body, string property) => Read<IReadOnlyList<string>?>(body, property, ReadStrings);

    /// <summary>Like <see cref="GetString"/>, but the field must be present and non-empty.</summary>
    public static string GetRequiredString(string body, string property) =>
        GetString(body, property) is { Length: > 0 } value
            ? value
            : throw new FormatException($"the entry body lacks the string field \"{property}\"");

    /// <summary>Like <see cref="GetInt64"/>, but the field must be present.</summary>
    public static long GetRequiredInt64(string body, string property) =>
        GetInt64(body, property) ?? throw new FormatException($"the entry body lacks the integer field \"{property}\"");

    private delegate T ValueReader<T>(ref Utf8JsonReader reader, string property);

    private static T Read<T>(string body, string property, ValueReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(body);
        int maxBytes = Encoding.UTF8.GetMaxByteCount(body.Length);
        byte[]? rented = null;
        Span<byte> buffer = maxBytes <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            int length = Encoding.UTF8.GetBytes(body, buffer);
            return Find(buffer[..length], property, read);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the entry body is not valid JSON: {ex.Message}", ex);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static T Find<T>(ReadOnlySpan<byte> utf8, string property, ValueReader<T> read)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("the entry body is not a JSON object");
        }

        T value = default!;
        bool found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool match = reader.ValueTextEquals(property);
            reader.Read();
            if (!match)
            {
                reader.Skip();
                continue;
            }

            if (found)
            {
                throw new FormatException($"the entry body repeats the field \"{property}\"");
            }

            found = true;
            value = reader.TokenType == JsonTokenType.Null ? default! : read(ref reader, property);
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new FormatException("the entry body is not a single JSON object");
        }

        return value;
    }

    private static string? ReadString(ref Utf8JsonReader reader, string property) => reader.TokenType == JsonTokenType.String
        ? reader.GetString()
        : throw new FormatException($"the entry body's field \"{property}\" is not a string");

    private static List<string> ReadStrings(ref Utf8JsonReader reader, string property)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new FormatException($"the entry body's field \"{property}\" is not an array");
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.TokenType == JsonTokenType.String
                ? reader.GetString()!
                : throw new FormatException($"the entry body's field \"{property}\" holds something other than strings"));
        }

        return values;
    }

    private static long? ReadInt64(ref Utf8JsonReader reader, string property) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value)
            ? value
            : throw new FormatException($"the entry body's field \"{property}\" is not an integer");
}
