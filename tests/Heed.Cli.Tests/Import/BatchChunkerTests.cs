using System.Text.Json;
using Heed.Cli.Import;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;

namespace Heed.Cli.Tests.Import;

public sealed class BatchChunkerTests
{
    [Fact]
    public void Chunk_TwentyThousandAndOneRows_TwoFullChunksAndOneRow()
    {
        ImportRow[] rows = [.. Enumerable.Range(0, 20_001).Select(i => new ImportRow($"user:{i}", "analytics"))];

        ImportChunk[] chunks = [.. BatchChunker.Chunk(rows, "set", "test")];

        chunks.Select(c => c.Count).ShouldBe([10_000, 10_000, 1]);
        chunks.Select(c => c.FirstRow).ShouldBe([0, 10_000, 20_000]);
        chunks.Select(c => c.Index).ShouldBe([0, 1, 2]);
    }

    [Fact]
    public void Chunk_Body_IsTheBatchWriteContractWithUnescapedUnicode()
    {
        ImportRow[] rows = [new("user:zoë", "analytics"), new("phone:+14155550100", "marketing")];

        ImportChunk chunk = BatchChunker.Chunk(rows, "set", "crm \"export\"").Single();
        BatchWriteRequest request = JsonSerializer.Deserialize(chunk.Body.Span, RegistryJsonContext.Default.BatchWriteRequest)!;

        request.Items.ShouldBe([new BatchWriteItem("user:zoë", "analytics", "set", "crm \"export\""), new BatchWriteItem("phone:+14155550100", "marketing", "set", "crm \"export\"")]);
        System.Text.Encoding.UTF8.GetString(chunk.Body.Span).ShouldContain("zoë");
    }

    [Fact]
    public void Chunk_LongSubjects_CutByBytesBeforeRows()
    {
        string value = new('x', 256);
        ImportRow[] rows = [.. Enumerable.Range(0, 1_000).Select(i => new ImportRow($"user:{i}{value}"[..260], "analytics"))];

        ImportChunk[] chunks = [.. BatchChunker.Chunk(rows, "set", "test", maxRows: 10_000, maxBytes: 64 * 1024)];

        chunks.Length.ShouldBeGreaterThan(1);
        chunks.Sum(c => c.Count).ShouldBe(1_000);
        chunks.ShouldAllBe(c => c.Body.Length < 64 * 1024 + 1024);
    }

    [Fact]
    public void Chunk_NoRows_NoChunks()
    {
        BatchChunker.Chunk([], "set", "test").ShouldBeEmpty();
    }
}
