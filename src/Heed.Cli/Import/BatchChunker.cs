using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Heed.Cli.Import;

/// <summary>
/// Cuts validated rows into batch request bodies of at most <see cref="MaxRows"/> items, and smaller if a
/// body would pass <see cref="MaxBytes"/>, well under the registry's 8 MiB limit even for the longest
/// subjects. Lazy, so only the chunks in flight are in memory.
/// </summary>
public static class BatchChunker
{
    public const int MaxRows = 10_000;
    public const int MaxBytes = 6 * 1024 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        // Non-ASCII is sent as UTF-8, not \uXXXX: a third of the bytes, and the registry reads JSON, not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static IEnumerable<ImportChunk> Chunk(IReadOnlyList<ImportRow> rows, string action, string source, int maxRows = MaxRows, int maxBytes = MaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        int index = 0;
        int next = 0;
        while (next < rows.Count)
        {
            var buffer = new ArrayBufferWriter<byte>(Math.Min(maxBytes, 128 * Math.Min(maxRows, rows.Count - next)) + 1024);
            using var writer = new Utf8JsonWriter(buffer, Options);
            writer.WriteStartObject();
            writer.WriteStartArray("items"u8);
            int first = next;
            do
            {
                ImportRow row = rows[next++];
                writer.WriteStartObject();
                writer.WriteString("subject"u8, row.Subject);
                writer.WriteString("purpose"u8, row.Purpose);
                writer.WriteString("action"u8, action);
                writer.WriteString("source"u8, source);
                writer.WriteEndObject();
            }
            while (next < rows.Count && next - first < maxRows && writer.BytesCommitted + writer.BytesPending < maxBytes);

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            yield return new ImportChunk(index++, first, next - first, buffer.WrittenMemory);
        }
    }
}
