using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Heed.Checks.Http;

/// <summary>
/// Reads a JSON body with a hard size bound before parsing, so hostile input gets a 400 or 413 problem
/// that says what is wrong: never a 500, and never buffered without bound.
/// </summary>
public static class JsonBody
{
    /// <summary>The bound of a body that holds one request.</summary>
    public const int SmallLimit = 64 * 1024;

    /// <summary>The bound of a body that holds a batch.</summary>
    public const int BatchLimit = 8 * 1024 * 1024;

    /// <summary>Reads and parses the body; the value, or the problem to answer with.</summary>
    /// <typeparam name="T">The body's type.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="type">The body's JSON contract.</param>
    /// <param name="limit">The most bytes the body may hold.</param>
    /// <param name="optional">True when an empty body is allowed (the value is then null, with no problem).</param>
    /// <returns>The value or the problem.</returns>
    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, int limit, bool optional = false)
        where T : class
    {
        if (request.ContentLength > limit)
        {
            return new(null, ApiProblems.TooLarge(limit));
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
                    return new(null, ApiProblems.TooLarge(limit));
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            return new(null, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiProblems.TooLarge(limit) : ApiProblems.BadRequest(ex.Message));
        }

        if (buffer.WrittenCount == 0)
        {
            return optional ? new(null, null) : new(null, ApiProblems.BadRequest("the request needs a JSON body"));
        }

        try
        {
            T? value = JsonSerializer.Deserialize(buffer.WrittenSpan, type);
            return value is null
                ? new(null, ApiProblems.BadRequest("the body must be a JSON object, not null"))
                : new(value, null);
        }
        catch (JsonException ex)
        {
            return new(null, ApiProblems.BadRequest("the body is not valid JSON for this request: " + Describe(ex)));
        }
        catch (InvalidOperationException ex)
        {
            return new(null, ApiProblems.BadRequest("the body is not valid JSON for this request: " + ex.Message));
        }
    }

    /// <summary>A parse error as a person reads it: the first sentence, and where.</summary>
    /// <param name="ex">The error.</param>
    /// <returns>The description.</returns>
    public static string Describe(JsonException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        string message = ex.Message;
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        return ex.Path is { Length: > 0 } path ? $"{message} (at {path})" : message;
    }
}
