using Heed.Core.Replicas;

namespace Heed.Core.Tests.Replicas;

public sealed class ReplicaTableTests
{
    [Fact]
    public void Get_EmptyTable_ReturnsZero()
    {
        // Arrange
        var table = new ReplicaTable();

        // Act / Assert
        table.Get(42).ShouldBe(0UL);
        table.Get(ulong.MaxValue).ShouldBe(0UL);
        table.Count.ShouldBe(0);
    }

    [Fact]
    public void Set_NewAndExistingKey_GetReturnsLatestMask()
    {
        // Arrange
        var table = new ReplicaTable();

        // Act
        table.Set(42, 0b101);
        table.Set(43, 0b010);
        table.Set(42, 0b100);

        // Assert
        table.Get(42).ShouldBe(0b100UL);
        table.Get(43).ShouldBe(0b010UL);
        table.Count.ShouldBe(2);
    }

    [Fact]
    public void Set_KeyZero_Throws()
    {
        // Arrange
        var table = new ReplicaTable();

        // Act / Assert
        Should.Throw<ArgumentOutOfRangeException>(() => table.Set(0, 1));
    }

    [Fact]
    public void Set_ZeroMaskForAbsentKey_TakesNoSlot()
    {
        // Arrange
        var table = new ReplicaTable();

        // Act
        table.Set(42, 0);

        // Assert
        table.Count.ShouldBe(0);
        table.Get(42).ShouldBe(0UL);
    }

    [Fact]
    public void Set_ZeroMaskForExistingKey_AllowsAndKeepsOtherKeys()
    {
        // Arrange
        var table = new ReplicaTable();
        table.Set(42, 0b1);
        table.Set(43, 0b1);

        // Act
        table.Set(42, 0);

        // Assert: the cleared slot stays until a rebuild, but no longer counts.
        table.Get(42).ShouldBe(0UL);
        table.Get(43).ShouldBe(0b1UL);
        table.Count.ShouldBe(1);
        table.Occupied.ShouldBe(2);
    }

    [Fact]
    public void Get_ProbeWrapsPastTheLastSlot_FindsEveryKey()
    {
        // Arrange: multiply-shift puts keys near 2^64 on the last slot, so these probe around to slot 0.
        var table = new ReplicaTable(16);
        ulong[] keys = [ulong.MaxValue, ulong.MaxValue - 1, ulong.MaxValue - 2, ulong.MaxValue - 3];

        // Act
        for (int i = 0; i < keys.Length; i++)
        {
            table.Set(keys[i], (ulong)i + 1);
        }

        // Assert
        for (int i = 0; i < keys.Length; i++)
        {
            table.Get(keys[i]).ShouldBe((ulong)i + 1);
        }

        table.Get(ulong.MaxValue - 4).ShouldBe(0UL);
        table.Get(1).ShouldBe(0UL);
    }

    [Fact]
    public void Set_ManyKeysFromSmallTable_GrowsAndKeepsEveryKey()
    {
        // Arrange
        var table = new ReplicaTable(16);
        int initialCapacity = table.Capacity;
        const int Count = 200_000;

        // Act
        for (int i = 0; i < Count; i++)
        {
            table.Set(Keys.Of(i), Keys.MaskOf(i));
        }

        // Assert
        table.Count.ShouldBe(Count);
        table.Capacity.ShouldBeGreaterThan(initialCapacity);
        ((double)table.Count / table.Capacity).ShouldBeLessThanOrEqualTo(0.75);
        for (int i = 0; i < Count; i++)
        {
            table.Get(Keys.Of(i)).ShouldBe(Keys.MaskOf(i));
        }

        table.Get(Keys.Of(Count)).ShouldBe(0UL);
    }

    [Fact]
    public void Set_GrowingOneWriteAtATime_StaysAtLeastHalfFull()
    {
        // Arrange: memory per record is 16 / load; growing by half keeps it at most 32 bytes.
        var table = new ReplicaTable(16);
        double lowest = 1;

        // Act
        for (int i = 0; i < 100_000; i++)
        {
            table.Set(Keys.Of(i), Keys.MaskOf(i));
            if (i > 1_000)
            {
                lowest = Math.Min(lowest, (double)table.Count / table.Capacity);
            }
        }

        // Assert
        lowest.ShouldBeGreaterThanOrEqualTo(0.49);
    }

    [Fact]
    public void EnsureCapacity_BeforeBulkLoad_NoGrowthDuringLoad()
    {
        // Arrange
        var table = new ReplicaTable(16);
        table.Set(Keys.Of(0), Keys.MaskOf(0));
        const int Count = 100_000;

        // Act
        table.EnsureCapacity(Count);
        int capacity = table.Capacity;
        for (int i = 1; i < Count; i++)
        {
            table.Set(Keys.Of(i), Keys.MaskOf(i));
        }

        // Assert
        table.Capacity.ShouldBe(capacity);
        table.Count.ShouldBe(Count);
        for (int i = 0; i < Count; i++)
        {
            table.Get(Keys.Of(i)).ShouldBe(Keys.MaskOf(i));
        }
    }

    [Fact]
    public void EnsureCapacity_SmallerThanCurrent_KeepsTheTable()
    {
        // Arrange
        var table = new ReplicaTable(10_000);
        table.Set(42, 1);
        int capacity = table.Capacity;

        // Act
        table.EnsureCapacity(100);

        // Assert
        table.Capacity.ShouldBe(capacity);
        table.Get(42).ShouldBe(1UL);
    }

    [Fact]
    public void EnsureCapacity_BulkLoaded_AtMost24BytesPerRecord()
    {
        // Arrange
        var table = new ReplicaTable(16);
        const int Count = 1_000_000;

        // Act
        table.EnsureCapacity(Count);

        // Assert: slots are 16 bytes.
        (table.Capacity * 16.0 / Count).ShouldBeLessThanOrEqualTo(24.0);
    }

    [Fact]
    public void Scan_MixedMasks_ReadsEveryNonZeroSlotOnce()
    {
        // Arrange
        var table = new ReplicaTable(16);
        for (int i = 0; i < 1_000; i++)
        {
            table.Set(Keys.Of(i), Keys.MaskOf(i));
        }

        for (int i = 0; i < 1_000; i += 2)
        {
            table.Set(Keys.Of(i), 0);
        }

        // Act
        Dictionary<ulong, ulong> seen = TableScan.All(table);

        // Assert
        seen.Count.ShouldBe(500);
        for (int i = 1; i < 1_000; i += 2)
        {
            seen[Keys.Of(i)].ShouldBe(Keys.MaskOf(i));
        }
    }
}
