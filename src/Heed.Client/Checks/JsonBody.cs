using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Heed.Client.Checks;

/// <summary>
/// Reads a JSON body with a hard size bound before parsing, so hostile input gets a 400 or 413 problem
/// that says what is wrong: never a 500, and never buffered without bound.
/// </summary>
internal static class JsonBody
{
    public const int SmallLimit = 64 * 1024;
    public const int BatchLimit = 8 * 1024 * 1024;

    /// <summary>Returns the value, or the problem to answer with.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, int limit)
        where T : class
    {
        if (request.ContentLength > limit)
        {
            return (null, RequestProblems.TooLarge(limit));
        }

        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and <= SmallLimit ? (int)request.ContentLength.Value : 4096);
        try
        {
            while (true)
            {
                Memory<byte> memory = buffer.GetMemory(4096);
                int read = await request.Body.ReadAsync(memory, request.HttpContext.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    return (null, RequestProblems.TooLarge(limit));
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? RequestProblems.TooLarge(limit) : RequestProblems.BadRequest(ex.Message));
        }

        if (buffer.WrittenCount == 0)
        {
            return (null, RequestProblems.BadRequest("the request needs a JSON body"));
        }

        try
        {
            T? value = JsonSerializer.Deserialize(buffer.WrittenSpan, type);
            return value is null
                ? (null, RequestProblems.BadRequest("the body must be a JSON object, not null"))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, RequestProblems.BadRequest("the body is not valid JSON for this request: " + Describe(ex)));
        }
        catch (InvalidOperationException ex)
        {
            return (null, RequestProblems.BadRequest("the body is not valid JSON for this request: " + ex.Message));
        }
    }

    private static string Describe(JsonException ex)
    {
        string message = ex.Message;
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        return ex.Path is { Length: > 0 } path ? $"{message} (at {path})" : message;
    }
}
