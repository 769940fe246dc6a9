using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Heed.Registry.Api;

/// <summary>
/// Reads a JSON body with a hard size bound before parsing, so hostile input is answered with a
/// 400 or 413 problem that says what is wrong, never a 500, and never buffered without bound.
/// </summary>
public static class RequestBody
{
    public const int SmallLimit = 64 * 1024;
    public const int BatchLimit = 8 * 1024 * 1024;

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, int limit, bool optional = false)
        where T : class
    {
        if (request.ContentLength > limit)
        {
            return new(null, Problems.TooLarge(limit));
        }

        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and <= SmallLimit ? (int)request.ContentLength.Value : 4096);
        try
        {
            while (true)
            {
                Memory<byte> memory = buffer.GetMemory(4096);
                int read = await request.Body.ReadAsync(memory, request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return new(null, Problems.TooLarge(limit));
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            return new(null, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? Problems.TooLarge(limit) : Problems.BadRequest(ex.Message));
        }

        if (buffer.WrittenCount == 0)
        {
            return optional ? new(null, null) : new(null, Problems.BadRequest("the request needs a JSON body"));
        }

        try
        {
            T? value = JsonSerializer.Deserialize(buffer.WrittenSpan, type);
            return value is null
                ? new(null, Problems.BadRequest("the body must be a JSON object, not null"))
                : new(value, null);
        }
        catch (JsonException ex)
        {
            return new(null, Problems.BadRequest("the body is not valid JSON for this request: " + Describe(ex)));
        }
        catch (InvalidOperationException ex)
        {
            return new(null, Problems.BadRequest("the body is not valid JSON for this request: " + ex.Message));
        }
    }

    private static string Describe(JsonException ex) =>
        ex.Path is { Length: > 0 } path ? $"{FirstSentence(ex.Message)} (at {path})" : FirstSentence(ex.Message);

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
