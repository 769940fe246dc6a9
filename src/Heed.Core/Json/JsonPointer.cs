using System.Text.Json;
using System.Text.Json.Nodes;

namespace Heed.Core.Json;

/// <summary>
/// An RFC 6901 JSON pointer (<c>/user/id</c>; <c>""</c> is the whole document), parsed once at start and
/// used by the gate and the relay alike. Names match exactly; an object on the path that also holds a
/// case variant of a name makes the match <see cref="JsonPointerMatch.Ambiguous"/>. Array indexes are
/// <c>0</c> or digits without a leading zero.
/// </summary>
public sealed class JsonPointer
{
    private readonly string[] _tokens;

    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        _tokens = tokens;
    }

    /// <summary>The pointer as written, e.g. <c>/user/id</c>.</summary>
    public string Text { get; }

    /// <summary>True for the whole document (<c>""</c>).</summary>
    public bool IsWholeDocument => _tokens.Length == 0;

    /// <summary>Parses RFC 6901 text (<c>""</c> or <c>/…</c> with <c>~0</c> and <c>~1</c> escapes); false when it is not a pointer.</summary>
    public static bool TryParse(string? text, out JsonPointer result)
    {
        result = null!;
        if (text is null || (text.Length > 0 && text[0] != '/'))
        {
            return false;
        }

        for (int i = text.IndexOf('~'); i >= 0; i = text.IndexOf('~', i + 1))
        {
            if (i + 1 >= text.Length || text[i + 1] is not ('0' or '1'))
            {
                return false;
            }
        }

        string[] tokens = text.Length == 0
            ? []
            : [.. text[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
        result = new JsonPointer(text, tokens);
        return true;
    }

    /// <summary>True if <paramref name="text"/> is a JSON pointer.</summary>
    public static bool IsValid(string? text) => TryParse(text, out _);

    /// <summary>Parses a pointer; throws <see cref="FormatException"/> when it is not one.</summary>
    public static JsonPointer Parse(string text) =>
        TryParse(text, out JsonPointer pointer) ? pointer : throw new FormatException($"'{text}' is not a JSON pointer.");

    /// <summary>Finds the value the pointer names.</summary>
    public JsonPointerMatch TryEvaluate(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (string token in _tokens)
        {
            if (value.ValueKind == JsonValueKind.Object)
            {
                JsonPointerMatch step = Member(value, token, out value);
                if (step != JsonPointerMatch.Found)
                {
                    return step;
                }
            }
            else if (value.ValueKind == JsonValueKind.Array && TryIndex(token, value.GetArrayLength(), out int index))
            {
                value = value[index];
            }
            else
            {
                return JsonPointerMatch.Missing;
            }
        }

        return JsonPointerMatch.Found;
    }

    /// <summary>Removes what the pointer names (a member, or an array element).</summary>
    public JsonPointerMatch Remove(JsonNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (IsWholeDocument)
        {
            return JsonPointerMatch.Missing;
        }

        JsonNode? parent = root;
        for (int i = 0; i < _tokens.Length - 1 && parent is not null; i++)
        {
            if (parent is JsonObject obj && HasCaseVariant(obj, _tokens[i]))
            {
                return JsonPointerMatch.Ambiguous;
            }

            parent = Child(parent, _tokens[i]);
        }

        string last = _tokens[^1];
        switch (parent)
        {
            case JsonObject obj when HasCaseVariant(obj, last):
                return JsonPointerMatch.Ambiguous;
            case JsonObject obj:
                return obj.Remove(last) ? JsonPointerMatch.Found : JsonPointerMatch.Missing;
            case JsonArray array when TryIndex(last, array.Count, out int index):
                array.RemoveAt(index);
                return JsonPointerMatch.Found;
            default:
                return JsonPointerMatch.Missing;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static JsonPointerMatch Member(JsonElement obj, string token, out JsonElement value)
    {
        value = default;
        bool found = false;
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            if (property.NameEquals(token))
            {
                value = property.Value;
                found = true;
            }
            else if (property.Name.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return JsonPointerMatch.Ambiguous;
            }
        }

        return found ? JsonPointerMatch.Found : JsonPointerMatch.Missing;
    }

    private static bool HasCaseVariant(JsonObject obj, string token)
    {
        foreach (KeyValuePair<string, JsonNode?> member in obj)
        {
            if (!member.Key.Equals(token, StringComparison.Ordinal) && member.Key.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryIndex(string token, int count, out int index) =>
        int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index)
        && (token == "0" || token[0] != '0') && index < count;

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject obj => obj.TryGetPropertyValue(token, out JsonNode? child) ? child : null,
        JsonArray array when TryIndex(token, array.Count, out int index) => array[index],
        _ => null,
    };
}
