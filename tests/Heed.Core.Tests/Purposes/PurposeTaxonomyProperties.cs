using FsCheck.Fluent;
using Heed.Core.Purposes;

namespace Heed.Core.Tests.Purposes;

public sealed class PurposeTaxonomyProperties
{
    [Fact]
    public void Create_RandomTree_MatchesTheNames() =>
        PropertyCheck.ForAll(TaxonomyGenerators.Taxonomy(), spec =>
        {
            // Act
            PurposeTaxonomy taxonomy = PurposeTaxonomy.Create(spec.CreateNames);

            // Assert
            taxonomy.Count.ShouldBe(spec.Nodes.Count + 1);
            taxonomy.All.Select(p => p.Name).ShouldBe(spec.Nodes.Append("all"), ignoreOrder: true);
            taxonomy.All.Where(p => p.Bit >= 0).Select(p => p.Bit).ShouldBeUnique();
            foreach (Purpose p in taxonomy.All)
            {
                p.IsEssential.ShouldBe(NaivePurposes.IsEssential(p.Name), p.Name);
                (p.Bit >= 0).ShouldBe(!p.IsEssential, p.Name);
                string expectedParent = p.Name.Contains('.') ? p.Name[..p.Name.LastIndexOf('.')] : "all";
                if (p.Parent is not null)
                {
                    p.Parent.Name.ShouldBe(expectedParent);
                    p.Parent.Children.ShouldContain(p);
                    p.Parent.Index.ShouldBeLessThan(p.Index);
                }

                PurposeBits subtree = taxonomy.All
                    .Where(d => d.Bit >= 0 && NaivePurposes.IsAncestorOrSelf(p.Name, d.Name))
                    .Aggregate(PurposeBits.Empty, (m, d) => m | PurposeBits.Of(d.Bit));
                p.SubtreeBits.ShouldBe(subtree, p.Name);
                p.ClearBits.ShouldBe(subtree, p.Name);

                PurposeBits related = taxonomy.All
                    .Where(d => d.Bit >= 0 && !p.IsEssential && NaivePurposes.Related(d.Name, p.Name))
                    .Aggregate(PurposeBits.Empty, (m, d) => m | PurposeBits.Of(d.Bit));
                p.CheckBits.ShouldBe(related, p.Name);
                p.CheckMask.ShouldBe(related.Word0, p.Name);
                p.Bit.ShouldNotBe(PurposeBits.WideBit, p.Name);
            }
        },
        runs: 300);

    [Fact]
    public void TryGet_RandomTree_FindsEveryNodeAndNothingElse() =>
        PropertyCheck.ForAll(
            from spec in TaxonomyGenerators.Taxonomy()
            from probes in TaxonomyGenerators.Segment.ArrayOf(20)
            select (spec, probes),
            run =>
            {
                // Arrange
                PurposeTaxonomy taxonomy = PurposeTaxonomy.Create(run.spec.CreateNames);
                var names = new HashSet<string>(run.spec.Nodes.Append("all"), StringComparer.Ordinal);

                // Act / Assert: every node by string and by span (from a longer buffer, as a parser would).
                foreach (string name in names)
                {
                    taxonomy.TryGet(name, out Purpose byString).ShouldBeTrue(name);
                    byString.Name.ShouldBe(name);
                    string padded = "[" + name + "]";
                    taxonomy.TryGet(padded.AsSpan(1, name.Length), out Purpose bySpan).ShouldBeTrue(name);
                    bySpan.ShouldBeSameAs(byString);
                }

                // Near misses: other names, prefixes, extensions, a changed last character.
                IEnumerable<string> misses = run.probes
                    .Concat(names.Select(n => n + "x"))
                    .Concat(names.Select(n => n[..^1]))
                    .Concat(names.Select(n => n[..^1] + (char)(n[^1] + 1)))
                    .Concat(names.Select(n => n.ToUpperInvariant()))
                    .Where(n => !names.Contains(n));
                foreach (string miss in misses)
                {
                    taxonomy.TryGet(miss.AsSpan(), out _).ShouldBeFalse(miss);
                    taxonomy.TryGet(miss, out _).ShouldBeFalse(miss);
                }
            },
            runs: 300);
}
