using Heed.Core.Replicas;

namespace Heed.Core.Tests.Replicas;

/// <summary>Reads a whole table through its scanner, in small chunks, as a snapshot would.</summary>
public static class TableScan
{
    public static Dictionary<ulong, ulong> All(ReplicaTable table, int chunk = 64)
    {
        var seen = new Dictionary<ulong, ulong>();
        ReplicaTable.Scanner scanner = table.Scan();
        ulong[] keys = new ulong[chunk];
        ulong[] masks = new ulong[chunk];
        for (int n; (n = scanner.Read(keys, masks)) > 0;)
        {
            for (int i = 0; i < n; i++)
            {
                // Add, not set: a key read twice is a failure.
                seen.Add(keys[i], masks[i]);
            }
        }

        return seen;
    }
}
