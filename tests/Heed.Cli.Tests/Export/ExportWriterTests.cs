using System.Text;
using Heed.Cli.Export;

namespace Heed.Cli.Tests.Export;

public sealed class ExportWriterTests
{
    private const string Lines =
        """
        {"subject":"user:1","purpose":"analytics","since":"2026-01-02T03:04:05.5+00:00","lsn":7,"source":"api"}
        {"subject":"user:with,comma","purpose":"marketing","since":"2026-01-02T03:04:05+00:00","lsn":8,"source":"crm \"q\""}
        {"subject":"user:3","purpose":"marketing","since":"2026-01-02T03:04:05+00:00","lsn":9,"source":null}
        """;

    [Fact]
    public async Task WriteCsv_NdjsonLines_HeaderAndOneQuotedRowEach()
    {
        using var source = new MemoryStream(Encoding.UTF8.GetBytes(Lines + "\n"));
        var csv = new StringWriter();

        long rows = await ExportWriter.WriteCsvAsync(source, csv, CancellationToken.None);

        rows.ShouldBe(3);
        csv.ToString().ShouldBe(
            "subject,purpose,since,lsn,source\n" +
            "user:1,analytics,2026-01-02T03:04:05.5000000+00:00,7,api\n" +
            "\"user:with,comma\",marketing,2026-01-02T03:04:05.0000000+00:00,8,\"crm \"\"q\"\"\"\n" +
            "user:3,marketing,2026-01-02T03:04:05.0000000+00:00,9,\n");
    }

    [Fact]
    public async Task WriteCsv_LastLineWithoutNewlineAndTinyReads_EveryRowWritten()
    {
        using var source = new TrickleStream(Encoding.UTF8.GetBytes(Lines));
        var csv = new StringWriter();

        long rows = await ExportWriter.WriteCsvAsync(source, csv, CancellationToken.None);

        rows.ShouldBe(3);
        csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(4);
    }

    [Fact]
    public async Task WriteCsv_EmptyExport_HeaderOnly()
    {
        using var source = new MemoryStream();
        var csv = new StringWriter();

        long rows = await ExportWriter.WriteCsvAsync(source, csv, CancellationToken.None);

        rows.ShouldBe(0);
        csv.ToString().ShouldBe(ExportWriter.CsvHeader + "\n");
    }

    [Fact]
    public async Task CopyJsonLines_Ndjson_PassedThroughUnchangedAndCounted()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Lines + "\n");
        using var source = new MemoryStream(bytes);
        using var destination = new MemoryStream();

        long lines = await ExportWriter.CopyJsonLinesAsync(source, destination, CancellationToken.None);

        lines.ShouldBe(3);
        destination.ToArray().ShouldBe(bytes);
    }

    /// <summary>Returns at most 7 bytes per read, so lines and UTF-8 sequences are split across reads.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7)], cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 7));
    }
}
