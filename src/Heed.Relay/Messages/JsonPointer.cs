using System.Text.Json;

namespace Heed.Relay.Messages;

/// <summary>A parsed RFC 6901 JSON pointer, evaluated against a JSON document.</summary>
public sealed class JsonPointer
{
    private readonly string[] _tokens;

    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        _tokens = tokens;
    }

    public string Text { get; }

    public static bool IsValid(string? text) => text is not null && (text.Length == 0 || text[0] == '/') && !HasBadEscape(text);

    public static JsonPointer Parse(string text)
    {
        if (!IsValid(text))
        {
            throw new FormatException($"'{text}' is not a JSON pointer.");
        }

        string[] tokens = text.Length == 0
            ? []
            : [.. text[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
        return new JsonPointer(text, tokens);
    }

    /// <summary>Finds the value the pointer names, or answers false when any step is missing.</summary>
    public bool TryEvaluate(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (string token in _tokens)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object when value.TryGetProperty(token, out JsonElement child):
                    value = child;
                    break;
                case JsonValueKind.Array when int.TryParse(token, out int index)
                    && index >= 0 && index < value.GetArrayLength() && (token == "0" || token[0] != '0'):
                    value = value[index];
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    public override string ToString() => Text;

    private static bool HasBadEscape(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '~' && (i + 1 >= text.Length || text[i + 1] is not ('0' or '1')))
            {
                return true;
            }
        }

        return false;
    }
}
