using Heed.Core.Replicas;

namespace Heed.Core.Tests.Replicas;

/// <summary>Cleared slots are given back: at a resize, at a compaction, and once they fill a quarter of the table.</summary>
public sealed class ReplicaTableReclaimTests
{
    [Fact]
    public void Compact_AfterClears_KeepsOnlyLiveSlotsAndAnswersUnchanged()
    {
        // Arrange
        var table = new ReplicaTable(16);
        for (int i = 0; i < 1_000; i++)
        {
            table.Set(Keys.Of(i), Keys.MaskOf(i));
        }

        for (int i = 0; i < 1_000; i += 10)
        {
            table.Set(Keys.Of(i), 0);
        }

        // Act
        table.Compact();

        // Assert
        table.Count.ShouldBe(900);
        table.Occupied.ShouldBe(900);
        for (int i = 0; i < 1_000; i++)
        {
            table.Get(Keys.Of(i)).ShouldBe(i % 10 == 0 ? 0UL : Keys.MaskOf(i));
        }
    }

    [Fact]
    public void Set_ClearingEverySubject_GivesTheMemoryBack()
    {
        // Arrange
        var table = new ReplicaTable(16);
        const int Count = 100_000;
        for (int i = 0; i < Count; i++)
        {
            table.Set(Keys.Of(i), Keys.MaskOf(i));
        }

        int full = table.Capacity;

        // Act
        for (int i = 0; i < Count; i++)
        {
            table.Set(Keys.Of(i), 0);
        }

        // Assert: clears alone compact the table; a quarter of it at most is cleared slots.
        table.Count.ShouldBe(0);
        table.Capacity.ShouldBeLessThan(full / 100);
        table.Occupied.ShouldBeLessThanOrEqualTo(table.Capacity / 4 + 1);
        table.Get(Keys.Of(Count - 1)).ShouldBe(0UL);
    }

    [Fact]
    public void Set_ChurnOfSetsAndClears_StaysBoundedByLiveSubjects()
    {
        // Arrange: 1,000 subjects live at any time, 200,000 over the table's life.
        var table = new ReplicaTable(16);
        const int Live = 1_000;
        int maxCapacity = 0;

        // Act
        for (int i = 0; i < 200_000; i++)
        {
            table.Set(Keys.Of(i), Keys.MaskOf(i));
            if (i >= Live)
            {
                table.Set(Keys.Of(i - Live), 0);
            }

            maxCapacity = Math.Max(maxCapacity, table.Capacity);
        }

        // Assert: never more than a table for a few times the live subjects.
        table.Count.ShouldBe(Live);
        (maxCapacity * 16L).ShouldBeLessThanOrEqualTo(Live * 16L * 8);
        for (int i = 200_000 - Live; i < 200_000; i++)
        {
            table.Get(Keys.Of(i)).ShouldBe(Keys.MaskOf(i));
        }
    }

    [Fact]
    public void Set_GrowthWithClearedSlots_LeavesThemOut()
    {
        // Arrange: fill to just below the resize point, then clear a few (fewer than a compaction needs).
        var table = new ReplicaTable(16);
        int capacity = table.Capacity;
        int i = 0;
        while (table.Occupied + 1 <= capacity * 0.75)
        {
            table.Set(Keys.Of(i), Keys.MaskOf(i));
            i++;
        }

        for (int c = 0; c < 2 * (capacity / 4); c += 2)
        {
            table.Set(Keys.Of(c), 0);
        }

        int live = table.Count;
        table.Occupied.ShouldBeGreaterThan(live);

        // Act: the next new key hits the resize point.
        table.Set(Keys.Of(i), Keys.MaskOf(i));

        // Assert
        table.Count.ShouldBe(live + 1);
        table.Occupied.ShouldBe(live + 1);
        for (int c = 0; c <= i; c++)
        {
            table.Get(Keys.Of(c)).ShouldBe(c % 2 == 0 && c < 2 * (capacity / 4) ? 0UL : Keys.MaskOf(c));
        }
    }

    [Fact]
    public void Set_ClearedThenSetAgain_CountsOnce()
    {
        // Arrange
        var table = new ReplicaTable(16);
        table.Set(42, 1);
        table.Set(42, 0);

        // Act
        table.Set(42, 2);

        // Assert
        table.Count.ShouldBe(1);
        table.Occupied.ShouldBe(1);
        table.Get(42).ShouldBe(2UL);
    }

    [Fact]
    public void AllocatedBytes_IsSixteenPerSlot()
    {
        // Act
        var table = new ReplicaTable(1_000);

        // Assert
        table.AllocatedBytes.ShouldBe(table.Capacity * 16L);
    }
}
