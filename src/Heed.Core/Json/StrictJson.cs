using System.Text.Json;
using System.Text.Json.Nodes;

namespace Heed.Core.Json;

/// <summary>How enforcement points parse a body they decide on: duplicate member names are an error (a
/// reader that keeps the last and one that keeps the first would see different subjects).</summary>
public static class StrictJson
{
    /// <summary>Document options that refuse duplicate member names and nesting deeper than 64.</summary>
    public static readonly JsonDocumentOptions Document = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>Parses <paramref name="utf8"/>; null when it is not JSON, repeats a member name or nests too deep.</summary>
    public static JsonDocument? TryParseDocument(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8, Document);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>As <see cref="TryParseDocument"/>, for a body to edit; <paramref name="root"/> is null for <c>null</c>.</summary>
    public static bool TryParseNode(ReadOnlySpan<byte> utf8, out JsonNode? root)
    {
        try
        {
            root = JsonNode.Parse(utf8, documentOptions: Document);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            // ArgumentException: a JsonObject refuses a repeated name even when the reader let it through.
            root = null;
            return false;
        }
    }
}
