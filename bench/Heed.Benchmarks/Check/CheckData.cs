using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Subjects;

namespace Heed.Benchmarks.Check;

/// <summary>Synthetic replica contents: records <c>user:0</c> … <c>user:N−1</c>, each opted out of one
/// purpose, and a pool of check subjects drawn uniformly from them.</summary>
public static class CheckData
{
    /// <summary>Check subjects per pool: enough that the pool's strings are not all in cache.</summary>
    public const int PoolSize = 1 << 20;

    /// <summary>The record counts a benchmark runs at: <c>HEED_BENCH_RECORDS</c> (a comma list) if set, else the defaults.</summary>
    public static IEnumerable<int> RecordCounts(int[] defaults)
    {
        string? chosen = Environment.GetEnvironmentVariable("HEED_BENCH_RECORDS");
        return string.IsNullOrWhiteSpace(chosen)
            ? defaults
            : chosen.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture));
    }

    public static string SubjectOf(int id) => "user:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The table key of <c>user:{id}</c>, computed without allocating.</summary>
    public static ulong KeyOf(int id)
    {
        Span<char> buffer = stackalloc char[16];
        "user:".CopyTo(buffer);
        id.TryFormat(buffer[5..], out int digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        return SubjectHash.Of(buffer[..(5 + digits)]);
    }

    /// <summary>Fills <paramref name="table"/> with <paramref name="records"/> subjects after sizing it.</summary>
    public static void Fill(ReplicaTable table, int records, PurposeTaxonomy taxonomy, bool presize = true)
    {
        Purpose[] optOutable = taxonomy.All.Where(p => p.Bit > 0).ToArray();
        if (presize)
        {
            table.EnsureCapacity(records);
        }

        for (int id = 0; id < records; id++)
        {
            table.Set(KeyOf(id), 1UL << optOutable[id % optOutable.Length].Bit);
        }
    }

    /// <summary>Ids drawn uniformly from the records.</summary>
    public static int[] RandomIds(int records, int count, int seed = 42)
    {
        var random = new Random(seed);
        var ids = new int[count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = random.Next(records);
        }

        return ids;
    }
}
