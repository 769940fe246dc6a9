using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Heed.Core.Decisions;
using Microsoft.AspNetCore.Http;

namespace Heed.Checks.Http;

/// <summary>
/// Writes the answer of a single check (<see cref="CheckAnswer"/>) straight into the response pipe, with a
/// Content-Length, without allocating: one JSON writer and buffer per thread, used synchronously only.
/// </summary>
internal static class CheckAnswerWriter
{
    private static readonly JsonEncodedText Allowed = JsonEncodedText.Encode("allowed");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText Lsn = JsonEncodedText.Encode("lsn");
    private static readonly JsonEncodedText DecisionId = JsonEncodedText.Encode("decisionId");
    private static readonly JsonEncodedText Matched = JsonEncodedText.Encode("matched");
    private static readonly JsonEncodedText OverrideId = JsonEncodedText.Encode("overrideId");
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Sets the status and headers and writes the body into the response pipe; the caller flushes it.</summary>
    public static void Write(HttpResponse response, Decision decision, DateTimeOffset now)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer, Options);
        writer.Reset(buffer);

        Span<byte> id = stackalloc byte[32];
        Guid.CreateVersion7(now).TryFormat(id, out int idLength, "N");
        writer.WriteStartObject();
        writer.WriteBoolean(Allowed, decision.Allowed);
        writer.WriteString(Reason, DecisionReasons.ToWire(decision.Reason));
        writer.WriteNumber(Lsn, decision.Lsn);
        writer.WriteString(DecisionId, id[..idLength]);
        if (decision.Matched is { } matched)
        {
            writer.WriteString(Matched, matched.Name);
        }

        if (decision.OverrideId is { } overrideId)
        {
            writer.WriteString(OverrideId, overrideId);
        }

        writer.WriteEndObject();
        writer.Flush();

        ReadOnlySpan<byte> json = buffer.WrittenSpan;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = json.Length;
        json.CopyTo(response.BodyWriter.GetSpan(json.Length));
        response.BodyWriter.Advance(json.Length);
    }
}
