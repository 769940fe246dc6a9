using Heed.Core.Purposes;

namespace Heed.Core.Tests.Purposes;

public sealed class DefaultTaxonomyTests
{
    private readonly PurposeTaxonomy _taxonomy = DefaultTaxonomy.Create();

    [Theory]
    [InlineData("essential")]
    [InlineData("essential.service")]
    [InlineData("essential.security")]
    [InlineData("essential.legal_obligation")]
    public void Create_EssentialNodes_HaveNoBit(string name)
    {
        // Act
        bool found = _taxonomy.TryGet(name, out Purpose purpose);

        // Assert
        found.ShouldBeTrue();
        purpose.IsEssential.ShouldBeTrue();
        purpose.Bit.ShouldBe(-1);
        purpose.SubtreeBits.Word0.ShouldBe(0UL);
        (_taxonomy.Root.SubtreeBits.Word0 & purpose.SubtreeBits.Word0).ShouldBe(0UL);
    }

    [Theory]
    [InlineData("functional", "all")]
    [InlineData("functional.service", "functional")]
    [InlineData("analytics", "all")]
    [InlineData("personalize", "all")]
    [InlineData("marketing", "all")]
    [InlineData("marketing.communications", "marketing")]
    [InlineData("marketing.advertising", "marketing")]
    [InlineData("marketing.advertising.first_party", "marketing.advertising")]
    [InlineData("marketing.advertising.third_party", "marketing.advertising")]
    [InlineData("third_party_sharing", "all")]
    public void Create_IntermediateNodes_ArePurposes(string name, string parent)
    {
        // Act
        bool found = _taxonomy.TryGet(name, out Purpose purpose);

        // Assert
        found.ShouldBeTrue();
        purpose.IsEssential.ShouldBeFalse();
        purpose.Bit.ShouldBeGreaterThan(0);
        purpose.Parent.ShouldNotBeNull().Name.ShouldBe(parent);
        purpose.Children.ShouldNotBeEmpty();
    }

    [Fact]
    public void Create_EveryLeaf_Resolves()
    {
        // Act / Assert
        foreach (string leaf in DefaultTaxonomy.Leaves)
        {
            _taxonomy.TryGet(leaf, out Purpose purpose).ShouldBeTrue(leaf);
            purpose.Name.ShouldBe(leaf);
            purpose.Children.ShouldBeEmpty();
            _taxonomy.TryGet(leaf.AsSpan(), out Purpose bySpan).ShouldBeTrue(leaf);
            bySpan.ShouldBeSameAs(purpose);
        }
    }

    [Fact]
    public void GpcPurposes_Names_ResolveToOptOutablePurposes()
    {
        // Act / Assert
        DefaultTaxonomy.GpcPurposes.ShouldBe(["third_party_sharing.sale", "marketing.advertising.third_party.targeted"]);
        foreach (string name in DefaultTaxonomy.GpcPurposes)
        {
            _taxonomy.TryGet(name, out Purpose purpose).ShouldBeTrue(name);
            purpose.IsEssential.ShouldBeFalse();
            purpose.Bit.ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public void Create_Root_IsAllAndCoversEveryOptOutablePurpose()
    {
        // Arrange
        ulong everyBit = _taxonomy.All.Where(p => p.Bit >= 0).Aggregate(0UL, (m, p) => m | (1UL << p.Bit));

        // Act
        Purpose root = _taxonomy.Root;

        // Assert
        root.Name.ShouldBe("all");
        root.Parent.ShouldBeNull();
        root.Bit.ShouldBe(0);
        root.Depth.ShouldBe(0);
        root.SubtreeBits.Word0.ShouldBe(everyBit);
        _taxonomy.All[0].ShouldBeSameAs(root);
        _taxonomy.TryGet("all", out Purpose byName).ShouldBeTrue();
        byName.ShouldBeSameAs(root);
    }

    [Fact]
    public void Create_Bits_AreUniqueAmongOptOutablePurposes()
    {
        // Act
        int[] bits = _taxonomy.All.Where(p => !p.IsEssential).Select(p => p.Bit).ToArray();

        // Assert
        bits.ShouldAllBe(b => b >= 0 && b < PurposeTaxonomy.MaxPurposes);
        bits.Distinct().Count().ShouldBe(bits.Length);
        _taxonomy.Count.ShouldBe(_taxonomy.All.Count);
    }

    [Fact]
    public void Create_MarketingSubtree_CoversItsDescendantsOnly()
    {
        // Arrange
        _taxonomy.TryGet("marketing", out Purpose marketing).ShouldBeTrue();
        _taxonomy.TryGet("marketing.communications.sms", out Purpose sms).ShouldBeTrue();
        _taxonomy.TryGet("analytics.reporting", out Purpose reporting).ShouldBeTrue();

        // Act
        ulong mask = marketing.SubtreeBits.Word0;

        // Assert
        (mask & (1UL << marketing.Bit)).ShouldNotBe(0UL);
        (mask & (1UL << sms.Bit)).ShouldNotBe(0UL);
        (mask & (1UL << reporting.Bit)).ShouldBe(0UL);
        (mask & (1UL << _taxonomy.Root.Bit)).ShouldBe(0UL);
        marketing.IsAncestorOrSelfOf(sms).ShouldBeTrue();
        sms.IsAncestorOrSelfOf(marketing).ShouldBeFalse();
        sms.Depth.ShouldBe(3);
        sms.ToString().ShouldBe("marketing.communications.sms");
    }
}
