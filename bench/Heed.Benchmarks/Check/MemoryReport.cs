using Heed.Core.Purposes;
using Heed.Core.Replicas;

namespace Heed.Benchmarks.Check;

/// <summary>
/// <c>dotnet run -c Release --project bench/Heed.Benchmarks -- memory [records]</c>: fills a replica
/// table and prints the managed bytes it holds per record (target in docs/benchmarks.md: ≤ 24), sized up front as a
/// snapshot load does, and grown one write at a time.
/// </summary>
public static class MemoryReport
{
    public static int Run(string[] args)
    {
        int records = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000_000;
        PurposeTaxonomy taxonomy = DefaultTaxonomy.Create();
        foreach (bool presize in new[] { true, false })
        {
            Console.WriteLine(Measure(records, taxonomy, presize));
        }

        return 0;
    }

    // A method of its own, so the table is unreachable once it returns, whatever the JIT tier.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string Measure(int records, PurposeTaxonomy taxonomy, bool presize)
    {
        long before = FullGcMemory();
        var table = new ReplicaTable();
        CheckData.Fill(table, records, taxonomy, presize);
        long after = FullGcMemory();
        string huge = HugePagesInUse();
        GC.KeepAlive(table);
        double perRecord = (after - before) / (double)table.Count;
        return $"{(presize ? "presized (EnsureCapacity)" : "grown by Set"),-26} records: {table.Count:N0}  slots: {table.Capacity:N0}  " +
            $"bytes: {after - before:N0}  bytes/record: {perRecord:F2}  target ≤ 24: {(perRecord <= 24 ? "met" : "missed")}  huge pages: {huge}";
    }

    // What the kernel says backs the process with 2 MB pages (Linux): the table asks for them.
    private static string HugePagesInUse()
    {
        const string rollup = "/proc/self/smaps_rollup";
        string? line = File.Exists(rollup) ? File.ReadLines(rollup).FirstOrDefault(l => l.StartsWith("AnonHugePages:", StringComparison.Ordinal)) : null;
        return line is null ? "unknown" : line["AnonHugePages:".Length..].Trim();
    }

    private static long FullGcMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
