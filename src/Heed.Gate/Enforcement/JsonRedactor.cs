using System.Text.Json;
using System.Text.Json.Nodes;
using Heed.Gate.Json;

namespace Heed.Gate.Enforcement;

/// <summary>Removes fields named by JSON pointers from a JSON body.</summary>
public static class JsonRedactor
{
    /// <summary>False when the body is not JSON: the caller must not forward it (it could not be redacted).</summary>
    public static bool TryRedact(ReadOnlyMemory<byte> body, IReadOnlyList<JsonPointer> fields, out byte[]? redacted)
    {
        redacted = null;
        if (body.IsEmpty)
        {
            return true;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body.Span);
        }
        catch (JsonException)
        {
            return false;
        }

        if (root is null)
        {
            return true;
        }

        foreach (JsonPointer field in fields)
        {
            field.Remove(root);
        }

        redacted = JsonSerializer.SerializeToUtf8Bytes(root, GateNodeJsonContext.Default.JsonNode);
        return true;
    }
}
