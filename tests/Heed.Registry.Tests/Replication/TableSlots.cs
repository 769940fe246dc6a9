using Heed.Core.Replicas;

namespace Heed.Registry.Tests.Replication;

internal static class TableSlots
{
    /// <summary>Every occupied (key, mask) slot of <paramref name="table"/>, as a snapshot would send it.</summary>
    public static HashSet<(ulong Key, ulong Mask)> Of(ReplicaTable table)
    {
        var slots = new HashSet<(ulong, ulong)>();
        ReplicaTable.Scanner scanner = table.Scan();
        ulong[] keys = new ulong[4096];
        ulong[] masks = new ulong[4096];
        int n;
        while ((n = scanner.Read(keys, masks)) > 0)
        {
            slots.UnionWith(keys.Take(n).Zip(masks.Take(n)));
        }

        return slots;
    }
}
