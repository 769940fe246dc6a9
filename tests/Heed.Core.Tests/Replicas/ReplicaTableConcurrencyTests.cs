using Heed.Core.Replicas;

namespace Heed.Core.Tests.Replicas;

public sealed class ReplicaTableConcurrencyTests
{
    private const int Inserts = 1_000_000;
    private const int Readers = 2;

    [Fact]
    public void Get_DuringInsertsAndGrowth_NeverLosesAMaskAlreadySet()
    {
        // Arrange: a tiny table, so the writer grows it many times while readers read.
        var table = new ReplicaTable(16);
        long published = 0;
        bool done = false;
        var failures = new List<string>();
        var capacitiesSeen = new HashSet<int>[Readers];
        var checks = new long[Readers];
        using var start = new CountdownEvent(Readers + 1);

        var writer = new Thread(() =>
        {
            start.Signal();
            start.Wait();
            for (int i = 0; i < Inserts; i++)
            {
                table.Set(Keys.Of(i), Keys.MaskOf(i));
                if (i % 7 == 3)
                {
                    // Rewrite an earlier key: its mask changes, but it keeps bit 0.
                    int earlier = i / 2;
                    table.Set(Keys.Of(earlier), Keys.MaskOf(i) | 1);
                }

                if (i == Inserts / 2)
                {
                    table.EnsureCapacity(Inserts * 2);
                }

                Volatile.Write(ref published, i + 1);
            }

            Volatile.Write(ref done, true);
        });

        var readers = Enumerable.Range(0, Readers).Select(r => new Thread(() =>
        {
            var random = new Random(r);
            var capacities = capacitiesSeen[r] = [];
            start.Signal();
            start.Wait();
            bool last = false;
            while (!last)
            {
                last = Volatile.Read(ref done);
                long n = Volatile.Read(ref published);
                if (n == 0)
                {
                    continue;
                }

                capacities.Add(table.Capacity);
                for (int k = 0; k < 64; k++)
                {
                    // The newest key, and a random older one.
                    long index = k == 0 ? n - 1 : random.NextInt64(n);
                    ulong mask = table.Get(Keys.Of(index));
                    if ((mask & 1) == 0)
                    {
                        lock (failures)
                        {
                            if (failures.Count < 10)
                            {
                                failures.Add($"reader {r}: key {index} of {n} read {mask:x}");
                            }
                        }
                    }
                }

                checks[r] += 64;
            }
        })).ToArray();

        // Act
        RunTogether(writer, readers);

        // Assert
        failures.ShouldBeEmpty();
        checks.ShouldAllBe(c => c > 0);
        capacitiesSeen.SelectMany(c => c).Distinct().Count().ShouldBeGreaterThan(1, "readers should have read across a resize");
        for (int i = 0; i < Inserts; i++)
        {
            (table.Get(Keys.Of(i)) & 1).ShouldBe(1UL);
        }
    }

    [Fact]
    public void Get_DuringClearsAndCompactions_NeverLosesALiveMask()
    {
        // Arrange: odd keys are set then cleared soon after, so cleared slots pile up and the writer
        // rebuilds the table (compactions and resizes) while readers read the even keys, which stay.
        var table = new ReplicaTable(16);
        long published = 0;
        bool done = false;
        int rebuilds = 0;
        var failures = new List<string>();
        using var start = new CountdownEvent(Readers + 1);

        var writer = new Thread(() =>
        {
            start.Signal();
            start.Wait();
            int capacity = table.Capacity;
            for (int i = 0; i < Inserts; i++)
            {
                table.Set(Keys.Of(i), Keys.MaskOf(i));
                if (i % 2 == 1 && i > 64)
                {
                    table.Set(Keys.Of(i - 64), 0);
                }

                if (table.Capacity != capacity)
                {
                    rebuilds++;
                    capacity = table.Capacity;
                }

                Volatile.Write(ref published, i + 1);
            }

            Volatile.Write(ref done, true);
        });

        var readers = Enumerable.Range(0, Readers).Select(r => new Thread(() =>
        {
            var random = new Random(r);
            start.Signal();
            start.Wait();
            bool last = false;
            while (!last)
            {
                last = Volatile.Read(ref done);
                long n = Volatile.Read(ref published);
                for (int k = 0; k < 64 && n > 0; k++)
                {
                    long index = random.NextInt64(n) & ~1L;
                    ulong mask = table.Get(Keys.Of(index));
                    if (mask != Keys.MaskOf(index))
                    {
                        lock (failures)
                        {
                            if (failures.Count < 10)
                            {
                                failures.Add($"reader {r}: live key {index} of {n} read {mask:x}");
                            }
                        }
                    }
                }
            }
        })).ToArray();

        // Act
        RunTogether(writer, readers);

        // Assert
        failures.ShouldBeEmpty();
        rebuilds.ShouldBeGreaterThan(1);
        table.Count.ShouldBe((Inserts / 2) + 32);
        table.Occupied.ShouldBeLessThan(table.Count + (table.Capacity / 4) + 1);
    }

    private static void RunTogether(Thread writer, Thread[] readers)
    {
        foreach (Thread thread in readers.Prepend(writer))
        {
            thread.Start();
        }

        foreach (Thread thread in readers.Prepend(writer))
        {
            thread.Join();
        }
    }
}
