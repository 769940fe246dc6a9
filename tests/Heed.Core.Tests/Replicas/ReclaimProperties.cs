using FsCheck;
using FsCheck.Fluent;
using Heed.Core.Replicas;

namespace Heed.Core.Tests.Replicas;

/// <summary>Random set/clear histories against a dictionary: reclaiming cleared slots never changes an answer.</summary>
public sealed class ReclaimProperties
{
    [Fact]
    public void Set_RandomHistory_AnswersAsTheModelAndCountsLiveSubjects() =>
        PropertyCheck.ForAll(
            History(),
            history =>
            {
                // Arrange
                var table = new ReplicaTable(16);
                var model = new Dictionary<ulong, ulong>();

                // Act
                foreach ((int subject, ulong mask, bool compact) in history)
                {
                    table.Set(Keys.Of(subject), mask);
                    model[Keys.Of(subject)] = mask;
                    if (compact)
                    {
                        table.Compact();
                    }
                }

                // Assert
                AgreesWithModel(table, model);
            },
            runs: 300);

    [Fact]
    public void Compact_RandomHistory_LeavesNoSlotForAClearedSubject() =>
        PropertyCheck.ForAll(
            History(),
            history =>
            {
                // Arrange
                var table = new ReplicaTable(16);
                var model = new Dictionary<ulong, ulong>();
                foreach ((int subject, ulong mask, _) in history)
                {
                    table.Set(Keys.Of(subject), mask);
                    model[Keys.Of(subject)] = mask;
                }

                // Act
                table.Compact();

                // Assert: every slot left is a live subject's, and a scan ships exactly those.
                table.Occupied.ShouldBe(table.Count);
                TableScan.All(table, chunk: 7).ShouldBe(model.Where(p => p.Value != 0).ToDictionary(), ignoreOrder: true);
                AgreesWithModel(table, model);
            },
            runs: 300);

    [Fact]
    public void Set_CrowdedKeysAtBothEnds_AnswersAsTheModelAndScansLiveSubjects() =>
        PropertyCheck.ForAll(
            History(),
            history =>
            {
                // Arrange: keys at the top and the bottom of the key space share the first and last cache
                // lines of the table, so probes run across lines and wrap around its end.
                static ulong Crowded(int subject) => subject % 2 == 0 ? ulong.MaxValue - (ulong)subject : (ulong)subject + 1;
                var table = new ReplicaTable(16);
                var model = new Dictionary<ulong, ulong>();

                // Act
                foreach ((int subject, ulong mask, bool compact) in history)
                {
                    table.Set(Crowded(subject), mask);
                    model[Crowded(subject)] = mask;
                    if (compact)
                    {
                        table.Compact();
                    }
                }

                // Assert
                AgreesWithModel(table, model);
                table.Get(ulong.MaxValue - 1_001).ShouldBe(0UL);
                table.Get(1_002).ShouldBe(0UL);
                TableScan.All(table, chunk: 5).ShouldBe(model.Where(p => p.Value != 0).ToDictionary(), ignoreOrder: true);
            },
            runs: 300);

    private static void AgreesWithModel(ReplicaTable table, Dictionary<ulong, ulong> model)
    {
        foreach ((ulong key, ulong mask) in model)
        {
            table.Get(key).ShouldBe(mask, $"key {key:x}");
        }

        table.Count.ShouldBe(model.Values.Count(m => m != 0));
        table.Occupied.ShouldBeLessThanOrEqualTo((int)(table.Capacity * 0.75) + 1);
        table.Get(Keys.Of(-1)).ShouldBe(0UL);
    }

    /// <summary>Writes over few subjects, so keys are cleared and set again; masks are 0 a third of the time.</summary>
    private static Gen<(int Subject, ulong Mask, bool Compact)[]> History() =>
        (from subject in Gen.Choose(0, 200)
         from clear in Gen.Frequency((1, Gen.Constant(true)), (2, Gen.Constant(false)))
         from bits in Gen.Choose(1, int.MaxValue)
         from compact in Gen.Frequency((1, Gen.Constant(true)), (30, Gen.Constant(false)))
         select (subject, clear ? 0UL : (ulong)bits, compact)).ArrayOf();
}
