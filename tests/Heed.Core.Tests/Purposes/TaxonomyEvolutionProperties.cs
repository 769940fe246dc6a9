using FsCheck;
using FsCheck.Fluent;
using Heed.Core.Purposes;

namespace Heed.Core.Tests.Purposes;

public sealed class TaxonomyEvolutionProperties
{
    /// <summary>One step: add a child of the node at <c>Pick</c> (or a top-level node), or deprecate it,
    /// with the node at <c>Other</c> as successor or none.</summary>
    private sealed record Step(bool Deprecate, int Pick, int Other, bool TopLevel, bool NoSuccessor, string Segment);

    private static Gen<Step> Steps =>
        from deprecate in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from pick in Gen.Choose(0, 10_000)
        from other in Gen.Choose(0, 10_000)
        from topLevel in Gen.Elements(true, false)
        from noSuccessor in Gen.Frequency((1, Gen.Constant(true)), (4, Gen.Constant(false)))
        from segment in TaxonomyGenerators.Segment
        select new Step(deprecate, pick, other, topLevel, noSuccessor, segment);

    [Fact]
    public void AddAndDeprecate_RandomSequences_NoOptOutLosesMeaningAndNoBitMoves() =>
        PropertyCheck.ForAll(
            from spec in TaxonomyGenerators.Taxonomy(maxOptOutable: 70)
            from steps in Steps.ArrayOf().Select(s => s.Take(60).ToArray())
            from optOuts in Gen.Choose(0, 10_000).ArrayOf(3)
            select (spec, steps, optOuts),
            run =>
            {
                PurposeTaxonomy taxonomy = PurposeTaxonomy.Create(run.spec.CreateNames);
                foreach (Step step in run.steps)
                {
                    // Arrange: a subject's explicit opt-outs among the nodes there are now.
                    Purpose[] optOutable = taxonomy.All.Where(p => p.Bit >= 0).ToArray();
                    PurposeBits mask = run.optOuts.Aggregate(PurposeBits.Empty, (m, i) => m | PurposeBits.Of(optOutable[i % optOutable.Length].Bit));

                    // Act
                    PurposeTaxonomy next = Apply(taxonomy, step);

                    // Assert
                    Verify(taxonomy, next, mask, step);
                    taxonomy = next;
                }
            },
            runs: 200);

    private static PurposeTaxonomy Apply(PurposeTaxonomy taxonomy, Step step)
    {
        Purpose node = taxonomy.All[step.Pick % taxonomy.Count];
        if (!step.Deprecate)
        {
            string name = step.TopLevel || node == taxonomy.Root ? step.Segment : node.Name + "." + step.Segment;
            return name is "all" or "essential" || name.Length > PurposeNames.MaxLength ? taxonomy : taxonomy.Add(name);
        }

        string? successor = step.NoSuccessor ? null : taxonomy.All[step.Other % taxonomy.Count].Name;
        try
        {
            return taxonomy.Deprecate(node.Name, successor);
        }
        catch (ArgumentException)
        {
            // Refused (root, essential, a successor below it, ...): the taxonomy is unchanged.
            return taxonomy;
        }
    }

    private static void Verify(PurposeTaxonomy before, PurposeTaxonomy after, PurposeBits mask, Step step)
    {
        foreach (Purpose old in before.All)
        {
            after.TryGet(old.Name, out Purpose now).ShouldBeTrue(old.Name);
            now.Index.ShouldBe(old.Index, old.Name);
            now.Bit.ShouldBe(old.Bit, old.Name);
            now.Bit.ShouldNotBe(PurposeBits.WideBit);
            (old.CheckBits - now.CheckBits).IsEmpty.ShouldBeTrue($"{old.Name} after {step}: a check bit was lost");
            (old.CoverBits - now.CoverBits).IsEmpty.ShouldBeTrue($"{old.Name} after {step}: a cover bit was lost");
            if (mask.Intersects(old.CheckBits))
            {
                mask.Intersects(now.CheckBits).ShouldBeTrue($"{old.Name} was denied under {mask} and is allowed after {step}");
                after.FindMatch(now, mask).ShouldNotBeNull(old.Name);
            }
        }

        // Every new node is reached by an opt-out of the root, as every node is.
        after.All.Where(p => p.Bit >= 0).ShouldAllBe(p => p.CheckBits.Has(0) && after.Root.SubtreeBits.Has(p.Bit));
        PurposeTaxonomy.FromNodes(after.Definitions).Definitions.ShouldBe(after.Definitions);
    }
}
