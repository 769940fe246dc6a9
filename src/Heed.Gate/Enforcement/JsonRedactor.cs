using System.Text.Json;
using System.Text.Json.Nodes;
using Heed.Core.Json;

namespace Heed.Gate.Enforcement;

/// <summary>Removes fields named by JSON pointers from a JSON body.</summary>
public static class JsonRedactor
{
    /// <summary>False when the body cannot be redacted for certain: it is not JSON, repeats a member name, or
    /// has a case variant of a field's name on its path (an upstream that ignores case would read it). The
    /// caller must not forward it.</summary>
    public static bool TryRedact(ReadOnlyMemory<byte> body, IReadOnlyList<JsonPointer> fields, out byte[]? redacted)
    {
        redacted = null;
        if (body.IsEmpty)
        {
            return true;
        }

        if (!StrictJson.TryParseNode(body.Span, out JsonNode? root))
        {
            return false;
        }

        if (root is null)
        {
            return true;
        }

        foreach (JsonPointer field in fields)
        {
            if (field.Remove(root) == JsonPointerMatch.Ambiguous)
            {
                return false;
            }
        }

        redacted = JsonSerializer.SerializeToUtf8Bytes(root, GateNodeJsonContext.Default.JsonNode);
        return true;
    }
}
