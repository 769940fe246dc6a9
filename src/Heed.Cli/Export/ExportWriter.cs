using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;

namespace Heed.Cli.Export;

/// <summary>Turns the registry's NDJSON export stream into the requested format, one line at a time.</summary>
public static class ExportWriter
{
    public const string CsvHeader = "subject,purpose,since,lsn,source";

    /// <summary>Copies NDJSON unchanged; returns the number of lines.</summary>
    public static async Task<long> CopyJsonLinesAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long lines = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return lines;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes <see cref="CsvHeader"/> and one CSV row per NDJSON line; returns the number of rows.</summary>
    public static async Task<long> WriteCsvAsync(Stream source, TextWriter destination, CancellationToken cancellationToken)
    {
        await destination.WriteAsync(CsvHeader + "\n");
        PipeReader reader = PipeReader.Create(source, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        long rows = 0;
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            rows += WriteLines(ref buffer, destination, result.IsCompleted);
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await reader.CompleteAsync();
        return rows;
    }

    private static long WriteLines(ref ReadOnlySequence<byte> buffer, TextWriter destination, bool final)
    {
        long rows = 0;
        var lines = new SequenceReader<byte>(buffer);
        while (lines.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            rows += WriteRow(line, destination);
        }

        if (final && !lines.End)
        {
            // A last line without its newline: still a line.
            rows += WriteRow(lines.UnreadSequence, destination);
            lines.AdvanceToEnd();
        }

        buffer = buffer.Slice(lines.Position);
        return rows;
    }

    private static int WriteRow(ReadOnlySequence<byte> line, TextWriter destination)
    {
        if (line.IsEmpty)
        {
            return 0;
        }

        var json = new Utf8JsonReader(line);
        OptOutExportLine optOut = JsonSerializer.Deserialize(ref json, RegistryJsonContext.Default.OptOutExportLine)
            ?? throw new JsonException("an export line is null");
        CsvText.WriteField(destination, optOut.Subject);
        destination.Write(',');
        CsvText.WriteField(destination, optOut.Purpose);
        destination.Write(',');
        destination.Write(optOut.Since.ToString("O"));
        destination.Write(',');
        destination.Write(optOut.Lsn);
        destination.Write(',');
        CsvText.WriteField(destination, optOut.Source);
        destination.Write('\n');
        return 1;
    }
}
