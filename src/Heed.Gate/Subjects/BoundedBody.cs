using Microsoft.AspNetCore.Http;

namespace Heed.Gate.Subjects;

/// <summary>
/// Reads a request body into memory, never more than the limit plus one byte, so a huge or endless
/// (chunked) body is refused without being buffered. The request's body is then replaced by the bytes
/// read, so YARP forwards the whole body as received.
/// </summary>
public static class BoundedBody
{
    public static async ValueTask<BodyRead> ReadAsync(HttpContext context, int limit)
    {
        HttpRequest request = context.Request;
        if (request.ContentLength > limit)
        {
            return new BodyRead(true, default);
        }

        // A plain array rather than a pooled one: YARP may read the replacement stream until the very end of
        // the request, and a buffer returned to the pool early could leak another request's bytes upstream.
        int capacity = (int)Math.Min(limit, request.ContentLength ?? limit) + 1;
        byte[] buffer = new byte[capacity];
        int total = 0;
        while (total < capacity)
        {
            int read = await request.Body.ReadAsync(buffer.AsMemory(total, capacity - total), context.RequestAborted);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        if (total > limit)
        {
            return new BodyRead(true, default);
        }

        request.Body = new MemoryStream(buffer, 0, total, writable: false);
        return new BodyRead(false, buffer.AsMemory(0, total));
    }

    /// <summary>Replaces the body with <paramref name="bytes"/>, keeping the framing consistent.</summary>
    public static void Replace(HttpRequest request, byte[] bytes)
    {
        request.Body = new MemoryStream(bytes, writable: false);
        if (request.ContentLength is not null)
        {
            request.ContentLength = bytes.Length;
        }
    }
}
