using System.Text.Json;
using System.Text.Json.Nodes;

namespace Heed.Gate.Json;

/// <summary>An RFC 6901 JSON pointer (<c>/user/id</c>), parsed once at start.</summary>
public sealed class JsonPointer
{
    private readonly string[] _tokens;

    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        _tokens = tokens;
    }

    public string Text { get; }

    /// <summary>Parses a non-empty pointer; the whole document (<c>""</c>) is not a useful target here.</summary>
    public static bool TryParse(string? text, out JsonPointer result)
    {
        result = null!;
        if (string.IsNullOrEmpty(text) || text[0] != '/')
        {
            return false;
        }

        string[] raw = text[1..].Split('/');
        var tokens = new string[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            // '~' must be followed by 0 or 1.
            string token = raw[i];
            for (int j = token.IndexOf('~'); j >= 0; j = token.IndexOf('~', j + 1))
            {
                if (j + 1 >= token.Length || (token[j + 1] != '0' && token[j + 1] != '1'))
                {
                    return false;
                }
            }

            tokens[i] = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }

        result = new JsonPointer(text, tokens);
        return true;
    }

    /// <summary>Finds the value the pointer names, or false when there is none.</summary>
    public bool TryEvaluate(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (string token in _tokens)
        {
            if (value.ValueKind == JsonValueKind.Object)
            {
                if (!value.TryGetProperty(token, out value))
                {
                    return false;
                }
            }
            else if (value.ValueKind == JsonValueKind.Array && int.TryParse(token, out int index) && index >= 0 && index < value.GetArrayLength())
            {
                value = value[index];
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Removes what the pointer names (a member, or an array element); false when absent.</summary>
    public bool Remove(JsonNode root)
    {
        JsonNode? parent = root;
        for (int i = 0; i < _tokens.Length - 1 && parent is not null; i++)
        {
            parent = Child(parent, _tokens[i]);
        }

        string last = _tokens[^1];
        return parent switch
        {
            JsonObject obj => obj.Remove(last),
            JsonArray array when int.TryParse(last, out int index) && index >= 0 && index < array.Count => RemoveAt(array, index),
            _ => false,
        };
    }

    public override string ToString() => Text;

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject obj => obj.TryGetPropertyValue(token, out JsonNode? child) ? child : null,
        JsonArray array when int.TryParse(token, out int index) && index >= 0 && index < array.Count => array[index],
        _ => null,
    };
}
