using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Heed.Storage.Ledger;

namespace Heed.Registry.State;

/// <summary>
/// Canonical JSON for ledger bodies, RFC 8785 style: an object, keys sorted by UTF-16 code units, nulls left out, no
/// whitespace, strings escaped as <see cref="CanonicalString"/> does (non-ASCII as itself), integers as integers.
/// </summary>
public static class CanonicalJson
{
    /// <summary>A body of string fields.</summary>
    public static string Write(params (string Key, string? Value)[] fields) =>
        Write(fields, static (output, value) => WriteString(output, value));

    /// <summary>A body that holds integers, booleans or arrays of strings too (override entries).</summary>
    public static string Write(params (string Key, JsonNode? Value)[] fields) =>
        Write(fields, WriteNode);

    /// <summary>A string field of a body, or null.</summary>
    public static string? Field(string body, string key)
    {
        using JsonDocument doc = JsonDocument.Parse(body);
        return doc.RootElement.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }

    private static string Write<T>((string Key, T? Value)[] fields, Action<ArrayBufferWriter<byte>, T> write)
        where T : class
    {
        Array.Sort(fields, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var output = new ArrayBufferWriter<byte>(256);
        Raw(output, '{');
        bool first = true;
        foreach ((string key, T? value) in fields)
        {
            if (value is null)
            {
                continue;
            }

            if (!first)
            {
                Raw(output, ',');
            }

            first = false;
            WriteString(output, key);
            Raw(output, ':');
            write(output, value);
        }

        Raw(output, '}');
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void WriteNode(ArrayBufferWriter<byte> output, JsonNode? node)
    {
        switch (node)
        {
            case null:
                WriteAscii(output, "null");
                break;
            case JsonArray array:
                Raw(output, '[');
                for (int i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        Raw(output, ',');
                    }

                    WriteNode(output, array[i]);
                }

                Raw(output, ']');
                break;
            case JsonObject obj:
                Raw(output, '{');
                bool first = true;
                foreach (KeyValuePair<string, JsonNode?> property in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        Raw(output, ',');
                    }

                    first = false;
                    WriteString(output, property.Key);
                    Raw(output, ':');
                    WriteNode(output, property.Value);
                }

                Raw(output, '}');
                break;
            case JsonValue value when value.TryGetValue(out string? text):
                WriteString(output, text);
                break;
            case JsonValue value when value.TryGetValue(out bool flag):
                WriteAscii(output, flag ? "true" : "false");
                break;
            case JsonValue value when value.TryGetValue(out long number):
                WriteAscii(output, number.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValue value when value.TryGetValue(out int number):
                WriteAscii(output, number.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                // Ledger bodies hold no fractions: a double has no one canonical text that every reader agrees on.
                throw new ArgumentException($"a ledger body holds strings, integers, booleans and arrays, not {node.GetValueKind()}", nameof(node));
        }
    }

    private static void WriteString(ArrayBufferWriter<byte> output, string value)
    {
        int written = CanonicalString.Write(value, output.GetSpan(CanonicalString.MaxLength(value)));
        output.Advance(written);
    }

    private static void WriteAscii(ArrayBufferWriter<byte> output, string text)
    {
        Span<byte> span = output.GetSpan(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        output.Advance(text.Length);
    }

    private static void Raw(ArrayBufferWriter<byte> output, char c)
    {
        output.GetSpan(1)[0] = (byte)c;
        output.Advance(1);
    }
}
