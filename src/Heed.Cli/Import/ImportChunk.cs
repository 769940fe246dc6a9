namespace Heed.Cli.Import;

/// <summary>One <c>POST /v1/optouts/batch</c> body, serialized, and which rows it carries.</summary>
public sealed record ImportChunk(int Index, int FirstRow, int Count, ReadOnlyMemory<byte> Body);
