using Heed.Protocol.V1;

namespace Heed.Registry.Replication;

/// <summary>How a subscribing replica catches up to <see cref="Head"/>.</summary>
public sealed record CatchUp(long Head, bool NeedsSnapshot, IReadOnlyList<ChangeBatch> Backlog)
{
    public static CatchUp None(long head) => new(head, false, []);

    public static CatchUp FromBacklog(long head, IReadOnlyList<ChangeBatch> backlog) => new(head, false, backlog);

    /// <summary>A snapshot at <paramref name="head"/>; batches after it arrive through the sink.</summary>
    public static CatchUp Snapshot(long head) => new(head, true, []);
}
