using FsCheck;
using FsCheck.Fluent;
using Heed.Core.Purposes;
using Heed.Core.Tests.Purposes;

namespace Heed.Core.Tests.Replicas;

public sealed class MaskModelProperties
{
    private const int Subjects = 3;

    [Fact]
    public void Check_RandomTaxonomyAndHistory_AgreesWithNaiveWalk() =>
        PropertyCheck.ForAll(
            from spec in TaxonomyGenerators.Taxonomy()
            from history in History(spec)
            select (spec, history),
            run =>
            {
                // Arrange
                var harness = new ReplicaHarness(PurposeTaxonomy.Create(run.spec.CreateNames));
                harness.CheckAll(run.spec, Subjects);

                foreach (MaskOperation operation in run.history)
                {
                    // Act
                    harness.Apply(operation);

                    // Assert
                    harness.CheckAll(run.spec, Subjects);
                }
            },
            runs: 300);

    [Fact]
    public void Check_TaxonomyExtendedAfterOptOuts_AgreesWithNaiveWalk() =>
        PropertyCheck.ForAll(
            from before in TaxonomyGenerators.Taxonomy(maxOptOutable: 40)
            from after in TaxonomyGenerators.Extend(before, 63 - before.OptOutableCount, maxEssential: 3)
            from first in History(before)
            from then in History(after)
            select (before, after, first, then),
            run =>
            {
                // Arrange
                var harness = new ReplicaHarness(PurposeTaxonomy.Create(run.before.CreateNames));
                foreach (MaskOperation operation in run.first)
                {
                    harness.Apply(operation);
                }

                // Act
                harness.UseTaxonomy(PurposeTaxonomy.Create(run.after.CreateNames));

                // Assert
                harness.CheckAll(run.after, Subjects);
                foreach (MaskOperation operation in run.then)
                {
                    harness.Apply(operation);
                    harness.CheckAll(run.after, Subjects);
                }
            },
            runs: 300);

    private static Gen<MaskOperation[]> History(TaxonomySpec spec) =>
        (from subject in Gen.Choose(0, Subjects - 1)
         from purpose in Gen.Elements(spec.Nodes.Append(NaivePurposes.All))
         from isSet in Gen.Frequency((2, Gen.Constant(true)), (1, Gen.Constant(false)))
         select new MaskOperation(subject, purpose, isSet)).ArrayOf();
}
