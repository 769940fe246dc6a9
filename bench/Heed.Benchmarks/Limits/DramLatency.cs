using System.Diagnostics;

namespace Heed.Benchmarks.Limits;

/// <summary>
/// The machine's latency of one dependent random load (docs/benchmarks.md, <c>dram_latency</c>): a pointer
/// chase through one random cycle over the cache lines of a table as large as a 10M-record replica's, so
/// every load waits for the one before it and misses the caches and, with 4 KB pages, the TLB. A check
/// cannot be faster than one such load.
/// Usage: <c>dram [megabytes=256] [loads=5000000] [runs=3]</c>; prints one line per run.
/// </summary>
internal static class DramLatency
{
    private const int IntsPerLine = 64 / sizeof(int);

    public static int Run(string[] args)
    {
        int megabytes = args.Length > 1 ? int.Parse(args[1]) : 256;
        int loads = args.Length > 2 ? int.Parse(args[2]) : 5_000_000;
        int runs = args.Length > 3 ? int.Parse(args[3]) : 3;
        int lines = megabytes * 1024 * 1024 / 64;
        int[] table = Build(lines);
        Chase(table, loads / 10); // warm-up: JIT, page faults
        string pages = ReadTransparentHugePages();
        for (int run = 1; run <= runs; run++)
        {
            long start = Stopwatch.GetTimestamp();
            int end = Chase(table, loads);
            double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / loads;
            Console.WriteLine($"run {run}: {ns:0.0} ns per load ({loads:N0} dependent loads over {megabytes} MB; transparent huge pages: {pages}; end {end})");
        }

        return 0;
    }

    // Sattolo's shuffle gives one cycle through every line, so the chase never settles into a short loop
    // that the caches could hold.
    private static int[] Build(int lines)
    {
        var next = new int[lines];
        for (int i = 0; i < lines; i++)
        {
            next[i] = i;
        }

        var random = new Random(42);
        for (int i = lines - 1; i > 0; i--)
        {
            int j = random.Next(i);
            (next[i], next[j]) = (next[j], next[i]);
        }

        var table = new int[lines * IntsPerLine];
        for (int i = 0; i < lines; i++)
        {
            table[i * IntsPerLine] = next[i] * IntsPerLine;
        }

        return table;
    }

    private static int Chase(int[] table, int loads)
    {
        int at = 0;
        for (int i = 0; i < loads; i++)
        {
            at = table[at];
        }

        return at;
    }

    private static string ReadTransparentHugePages()
    {
        try
        {
            string setting = File.ReadAllText("/sys/kernel/mm/transparent_hugepage/enabled").Trim();
            int open = setting.IndexOf('['), close = setting.IndexOf(']');
            return open >= 0 && close > open ? setting[(open + 1)..close] : setting;
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
