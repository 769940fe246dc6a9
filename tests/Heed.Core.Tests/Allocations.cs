namespace Heed.Core.Tests;

/// <summary>
/// Measures what a piece of code allocates once warm. The tiered JIT first runs precompiled or quick
/// code (which may box, e.g. in generic vectorized helpers) and replaces hot methods in the background;
/// the steady state is what production runs and what the design budgets (0 bytes per check).
/// </summary>
public static class Allocations
{
    /// <summary>Runs <paramref name="round"/> until one run allocates nothing (at most
    /// <paramref name="maxWarmUpRounds"/> times; work, not waiting), then returns the bytes allocated by
    /// <paramref name="measuredRounds"/> more runs on this thread.</summary>
    public static long OnceWarm(Action round, int measuredRounds, int maxWarmUpRounds = 20_000)
    {
        long last = 0;
        for (int i = 0; i < maxWarmUpRounds; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            last = GC.GetAllocatedBytesForCurrentThread() - before;
            if (last == 0)
            {
                break;
            }
        }

        last.ShouldBe(0, $"still allocating {last} bytes per round after {maxWarmUpRounds} warm-up rounds");
        long start = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < measuredRounds; i++)
        {
            round();
        }

        return GC.GetAllocatedBytesForCurrentThread() - start;
    }
}
