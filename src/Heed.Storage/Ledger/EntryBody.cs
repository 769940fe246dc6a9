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
    public static string? GetString(string body, string property)
    {
        ArgumentNullException.ThrowIfNull(body);
        int maxBytes = Encoding.UTF8.GetMaxByteCount(body.Length);
        byte[]? rented = null;
        Span<byte> buffer = maxBytes <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            int length = Encoding.UTF8.GetBytes(body, buffer);
            return Find(buffer[..length], property);
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

    /// <summary>Like <see cref="GetString"/>, but the field must be present and non-empty.</summary>
    public static string GetRequiredString(string body, string property) =>
        GetString(body, property) is { Length: > 0 } value
            ? value
            : throw new FormatException($"the entry body lacks the string field \"{property}\"");

    private static string? Find(ReadOnlySpan<byte> utf8, string property)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("the entry body is not a JSON object");
        }

        string? value = null;
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
            value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Null => null,
                _ => throw new FormatException($"the entry body's field \"{property}\" is not a string"),
            };
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            throw new FormatException("the entry body is not a single JSON object");
        }

        return value;
    }
}
