using System.Diagnostics;
using System.Runtime.InteropServices;
using HdrHistogram;
using Microsoft.Win32.SafeHandles;

namespace Heed.Benchmarks.Limits;

/// <summary>
/// The data disk's raw durable-write rate (docs/benchmarks.md, <c>fsync_rate</c>): one writer overwriting
/// 4 KB blocks of a preallocated 4 MB file in turn (a write-ahead log in its steady state), each followed by
/// <c>fdatasync</c>. Durable writes need at least one such flush per group commit, so this bounds both the
/// commits per second and the latency of one acknowledged write.
/// Usage: <c>fsync DIRECTORY [seconds=5]</c>.
/// </summary>
internal static partial class FsyncRate
{
    private const int Block = 4096;
    private const int Blocks = 1024;

    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: fsync DIRECTORY [seconds=5]");
            return 2;
        }

        double seconds = args.Length > 2 ? double.Parse(args[2]) : 5;
        string path = Path.Combine(args[1], "fsync-rate.bin");
        var block = new byte[Block];
        Random.Shared.NextBytes(block);
        var histogram = new LongHistogram(TimeStamp.Seconds(10), 3);
        long count = 0;
        using (SafeFileHandle file = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite))
        {
            int fd = (int)file.DangerousGetHandle();
            for (int i = 0; i < Blocks; i++)
            {
                RandomAccess.Write(file, block, (long)i * Block);
            }

            Sync(fd);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                long start = Stopwatch.GetTimestamp();
                RandomAccess.Write(file, block, count % Blocks * Block);
                Sync(fd);
                histogram.RecordValue(Stopwatch.GetTimestamp() - start);
                count++;
            }

            clock.Stop();
            double us(double percentile) => histogram.GetValueAtPercentile(percentile) * 1e6 / Stopwatch.Frequency;
            Console.WriteLine($"fsync: {count / clock.Elapsed.TotalSeconds:0} per s (4 KB write + fdatasync, {count:N0} in {clock.Elapsed.TotalSeconds:0.0} s); p50 {us(50):0} us  p99 {us(99):0} us");
        }

        File.Delete(path);
        return 0;
    }

    private static void Sync(int fd)
    {
        if (FDataSync(fd) != 0)
        {
            throw new IOException($"fdatasync failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FDataSync(int fd);
}
