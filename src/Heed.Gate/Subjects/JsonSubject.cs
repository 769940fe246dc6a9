using System.Text.Json;
using Heed.Gate.Json;

namespace Heed.Gate.Subjects;

/// <summary>Finds a subject in a JSON body by pointer: a string, or a number's text. Anything else is none.</summary>
public static class JsonSubject
{
    public static string? Read(ReadOnlyMemory<byte> body, JsonPointer field)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (!field.TryEvaluate(document.RootElement, out JsonElement value))
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
