using FsCheck;
using FsCheck.Fluent;
using Heed.Core.Decisions;
using Heed.Core.Leases;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Tests.Purposes;

namespace Heed.Core.Tests.Replicas;

public sealed class CollisionProperties
{
    private const int Subjects = 3;
    private const ulong SharedHash = 0x5EED;

    [Fact]
    public void Check_SubjectsSharingOneHash_DenyExactlyTheUnionOfTheirOptOuts() =>
        PropertyCheck.ForAll(
            from spec in TaxonomyGenerators.Taxonomy()
            from history in (
                from subject in Gen.Choose(0, Subjects - 1)
                from purpose in Gen.Elements(spec.Nodes.Where(n => !NaivePurposes.IsEssential(n)).Append(NaivePurposes.All))
                from isSet in Gen.Frequency((2, Gen.Constant(true)), (1, Gen.Constant(false)))
                select new MaskOperation(subject, purpose, isSet)).ArrayOf()
            select (spec, history),
            run =>
            {
                // Arrange
                PurposeTaxonomy taxonomy = PurposeTaxonomy.Create(run.spec.CreateNames);
                var masks = new SubjectMasks(new ReplicaTable(16));
                var state = new ReplicaState(taxonomy, LeaseClock.SourceOfTruth, masks.Table);
                var model = new NaiveOptOuts();

                foreach (MaskOperation operation in run.history)
                {
                    // Act
                    taxonomy.TryGet(operation.Purpose, out Purpose purpose).ShouldBeTrue();
                    string subject = ReplicaHarness.SubjectOf(operation.Subject);
                    _ = operation.IsSet ? masks.Set(subject, SharedHash, purpose) : masks.Clear(subject, SharedHash, purpose);
                    model.Apply(operation);

                    // Assert: never a leak for any of them, and no more blocking than their union.
                    foreach (Purpose checkedPurpose in taxonomy.All)
                    {
                        Decision decision = state.Check(SharedHash, checkedPurpose);
                        bool anyDenies = !checkedPurpose.IsEssential
                            && Enumerable.Range(0, Subjects).Any(s => model.Denies(s, checkedPurpose.Name));
                        decision.Allowed.ShouldBe(!anyDenies, $"{checkedPurpose} after {operation}");
                    }
                }
            },
            runs: 200);
}
