using Google.Protobuf;
using Heed.Protocol.V1;

namespace Heed.Registry.Replication;

/// <summary>How a subscribing replica catches up to <see cref="Head"/>, whose chain hash is <see cref="HeadHash"/>.
/// A snapshot carries <see cref="Overrides"/>, the override set as of <see cref="Head"/>; the welcome always
/// carries <see cref="Schemas"/>, the schema set as of <see cref="Head"/>.</summary>
public sealed record CatchUp(long Head, ByteString HeadHash, bool NeedsSnapshot, IReadOnlyList<ChangeBatch> Backlog)
{
    public OverrideSet Overrides { get; init; } = new();

    public SchemaSet Schemas { get; init; } = new();

    public static CatchUp None(long head, ByteString headHash) => new(head, headHash, false, []);

    public static CatchUp FromBacklog(long head, ByteString headHash, IReadOnlyList<ChangeBatch> backlog) => new(head, headHash, false, backlog);

    /// <summary>A snapshot at <paramref name="head"/>; batches after it arrive through the sink.</summary>
    public static CatchUp Snapshot(long head, ByteString headHash, OverrideSet overrides) => new(head, headHash, true, []) { Overrides = overrides };
}
