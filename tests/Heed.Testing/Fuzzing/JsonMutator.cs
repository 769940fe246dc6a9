using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Heed.Testing.Fuzzing;

/// <summary>
/// Structure-aware fuzz input: each output is a well-formed request body with one structural fault, so it
/// gets past the JSON reader and reaches the code that interprets fields (random bytes fail on the first
/// byte and test only the reader). The faults: a field of the wrong type, a missing field, a hostile
/// string, deep nesting and duplicate keys. Deterministic for a seed.
/// </summary>
/// <param name="seed">The seed of the mutations.</param>
/// <param name="subject">
/// The one subject the hostile strings are built around (<c>kind:id</c>). A test makes it opted out, so
/// that any reading of a hostile variant that still finds this subject must be a denial.
/// </param>
public sealed class JsonMutator(int seed, string subject)
{
    private readonly Random _random = new(seed);

    /// <summary>Strings that have broken parsers, normalizers, loggers and headers elsewhere.</summary>
    public IReadOnlyList<string> HostileStrings { get; } =
    [
        "", " ", "\u0000", "\u202E" + subject, subject + "\r\nX-Injected: 1", "\uFEFF" + subject, subject + "\u0000",
        SameSubjectSpelledDifferently(subject), ":", "../../etc/passwd", "%00",
        "{{x}}", "${jndi:ldap://127.0.0.1/a}", "'; DROP TABLE ledger; --", new string('a', 70_000), subject + new string('9', 5_000),
        "\u0085\u2028\u2029",
    ];

    // The kind in upper case and spaces around the value: the parser compares kinds without case and trims
    // values, so this is the opted-out subject itself. (Upper-casing the value, or doubling the ':', would
    // spell a valid but different subject, for which allowed is the right answer.)
    private static string SameSubjectSpelledDifferently(string subject)
    {
        int colon = subject.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? "  " + subject + " " // a value whose kind comes from the route: padding only
            : subject[..colon].ToUpperInvariant() + ": " + subject[(colon + 1)..] + " ";
    }

    /// <summary><paramref name="count"/> mutants of <paramref name="validJson"/> (an object).</summary>
    public IEnumerable<string> Mutate(string validJson, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return MutateOnce(validJson);
        }
    }

    private string MutateOnce(string validJson)
    {
        JsonNode root = JsonNode.Parse(validJson) ?? throw new ArgumentException("a JSON value is required", nameof(validJson));
        List<(JsonObject Parent, string Key)> fields = [];
        Collect(root, fields);
        if (fields.Count == 0)
        {
            return validJson;
        }

        (JsonObject parent, string key) = fields[_random.Next(fields.Count)];
        switch (_random.Next(5))
        {
            case 0:
                parent[key] = WrongType(parent[key]);
                return root.ToJsonString();
            case 1:
                parent.Remove(key);
                return root.ToJsonString();
            case 2:
                parent[key] = HostileStrings[_random.Next(HostileStrings.Count)];
                return root.ToJsonString();
            case 3:
                return DuplicateKey(root, parent, key);
            default:
                return Nest(root, parent, key);
        }
    }

    private static void Collect(JsonNode? node, List<(JsonObject, string)> fields)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (KeyValuePair<string, JsonNode?> property in obj.ToList())
                {
                    fields.Add((obj, property.Key));
                    Collect(property.Value, fields);
                }

                break;
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    Collect(item, fields);
                }

                break;
        }
    }

    private JsonNode? WrongType(JsonNode? current)
    {
        JsonNode?[] choices =
        [
            null, JsonValue.Create(true), JsonValue.Create(-1), JsonValue.Create(1e300), JsonValue.Create(long.MaxValue),
            new JsonArray(), new JsonObject(), new JsonArray(JsonValue.Create("user:1")), JsonValue.Create("42"),
        ];
        JsonValueKind kind = current?.GetValueKind() ?? JsonValueKind.Null;
        JsonNode? pick;
        do
        {
            pick = choices[_random.Next(choices.Length)];
        }
        while ((pick?.GetValueKind() ?? JsonValueKind.Null) == kind);
        return pick;
    }

    private string DuplicateKey(JsonNode root, JsonObject parent, string key)
    {
        // JsonObject cannot hold a key twice, so the duplicate is written into the text: a marker value is
        // replaced by the original value followed by a second copy of the key with another value.
        JsonNode? original = parent[key]?.DeepClone();
        const string marker = "__heed_duplicate_marker__";
        parent[key] = marker;
        string text = root.ToJsonString();
        string other = _random.Next(2) == 0
            ? JsonSerializer.Serialize(HostileStrings[_random.Next(HostileStrings.Count)])
            : WrongType(original)?.ToJsonString() ?? "null";
        string first = original?.ToJsonString() ?? "null";
        string pair = _random.Next(2) == 0
            ? $"{first},{JsonSerializer.Serialize(key)}:{other}"
            : $"{other},{JsonSerializer.Serialize(key)}:{first}";
        return text.Replace(JsonSerializer.Serialize(marker), pair, StringComparison.Ordinal);
    }

    private string Nest(JsonNode root, JsonObject parent, string key)
    {
        const string marker = "__heed_nesting_marker__";
        parent[key] = marker;
        int depth = _random.Next(2) == 0 ? 70 : 5_000;
        var nested = new StringBuilder();
        bool arrays = _random.Next(2) == 0;
        for (int i = 0; i < depth; i++)
        {
            nested.Append(arrays ? "[" : "{\"a\":");
        }

        nested.Append('1');
        nested.Append(arrays ? ']' : '}', depth);
        return root.ToJsonString().Replace(JsonSerializer.Serialize(marker), nested.ToString(), StringComparison.Ordinal);
    }
}
