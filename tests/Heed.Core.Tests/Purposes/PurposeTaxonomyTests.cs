using Heed.Core.Purposes;

namespace Heed.Core.Tests.Purposes;

public sealed class PurposeTaxonomyTests
{
    [Theory]
    [InlineData("")]
    [InlineData("Marketing")]
    [InlineData("marketing..email")]
    [InlineData("marketing.")]
    [InlineData("marketing-email")]
    public void Create_InvalidName_Throws(string name)
    {
        // Act
        var error = Should.Throw<ArgumentException>(() => PurposeTaxonomy.Create(["analytics", name]));

        // Assert
        error.Message.ShouldContain("not a valid purpose name");
    }

    [Fact]
    public void Create_NameLongerThan128_Throws()
    {
        // Arrange
        string name = new('a', PurposeNames.MaxLength + 1);

        // Act / Assert
        Should.Throw<ArgumentException>(() => PurposeTaxonomy.Create([name]));
    }

    [Fact]
    public void Create_64OptOutablePurposes_SkipsBit63()
    {
        // Arrange: the root takes bit 0, p0…p61 bits 1…62.
        string[] names = Enumerable.Range(0, 63).Select(i => "p" + i).ToArray();

        // Act
        PurposeTaxonomy taxonomy = PurposeTaxonomy.Create(names);

        // Assert: bit 63 marks a wide mask, so the 64th node takes bit 64, beyond word 0.
        taxonomy.Root.SubtreeBits.Word0.ShouldBe(ulong.MaxValue);
        taxonomy.Root.SubtreeBits.High.ToArray().ShouldBe([1UL]);
        taxonomy.TryGet("p61", out Purpose lastNarrow).ShouldBeTrue();
        lastNarrow.Bit.ShouldBe(62);
        lastNarrow.CheckMask.ShouldBe(1UL | (1UL << 62));
        taxonomy.TryGet("p62", out Purpose first).ShouldBeTrue();
        first.Bit.ShouldBe(64);
        first.CheckMask.ShouldBe(1UL | PurposeBits.WideFlag);
    }

    [Fact]
    public void Create_MaxPurposes_Fit()
    {
        // Arrange: the root plus MaxPurposes − 1 nodes.
        string[] names = Enumerable.Range(0, PurposeTaxonomy.MaxPurposes - 1).Select(i => "p" + i).ToArray();

        // Act
        PurposeTaxonomy taxonomy = PurposeTaxonomy.Create(names);

        // Assert
        taxonomy.All[^1].Bit.ShouldBe(PurposeTaxonomy.MaxBit);
    }

    [Fact]
    public void Create_MoreThanMaxPurposes_Throws()
    {
        // Arrange
        string[] names = Enumerable.Range(0, PurposeTaxonomy.MaxPurposes).Select(i => "p" + i).ToArray();

        // Act
        var error = Should.Throw<ArgumentException>(() => PurposeTaxonomy.Create(names));

        // Assert
        error.Message.ShouldContain($"at most {PurposeTaxonomy.MaxPurposes}");
    }

    [Fact]
    public void Create_IntermediateNodesPastTheLimit_Throws()
    {
        // Arrange: MaxPurposes − 2 leaves, then one name that needs two new nodes.
        string[] names = [.. Enumerable.Range(0, PurposeTaxonomy.MaxPurposes - 2).Select(i => "p" + i), "q.r"];

        // Act / Assert
        Should.Throw<ArgumentException>(() => PurposeTaxonomy.Create(names));
    }

    [Fact]
    public void Create_EssentialPurposes_DoNotCountAgainstTheLimit()
    {
        // Arrange
        string[] names = [.. Enumerable.Range(0, 63).Select(i => "p" + i), .. Enumerable.Range(0, 100).Select(i => "essential.e" + i)];

        // Act
        PurposeTaxonomy taxonomy = PurposeTaxonomy.Create(names);

        // Assert
        taxonomy.Count.ShouldBe(1 + 63 + 1 + 100);
        taxonomy.All.Where(p => p.IsEssential).ShouldAllBe(p => p.Bit == -1 && p.SubtreeBits.IsEmpty && p.CheckBits.IsEmpty);
    }

    [Fact]
    public void Create_AllAndDuplicates_AreIgnored()
    {
        // Act
        PurposeTaxonomy taxonomy = PurposeTaxonomy.Create(["all", "marketing.email", "marketing", "marketing.email", "all"]);

        // Assert
        taxonomy.All.Select(p => p.Name).ShouldBe(["all", "marketing", "marketing.email"]);
        taxonomy.All.Select(p => p.Index).ShouldBe([0, 1, 2]);
    }

    [Fact]
    public void Create_EssentialLookalike_IsNotEssential()
    {
        // Act
        PurposeTaxonomy taxonomy = PurposeTaxonomy.Create(["essentials.x", "essential_x"]);

        // Assert
        taxonomy.All.ShouldAllBe(p => !p.IsEssential && p.Bit >= 0);
    }

    [Fact]
    public void Create_AppendedNames_KeepEveryOldBit()
    {
        // Arrange
        PurposeTaxonomy before = DefaultTaxonomy.Create();

        // Act
        PurposeTaxonomy after = PurposeTaxonomy.Create([.. DefaultTaxonomy.Leaves, "marketing.communications.email.newsletter", "research.survey"]);

        // Assert
        foreach (Purpose old in before.All)
        {
            after.TryGet(old.Name, out Purpose now).ShouldBeTrue(old.Name);
            now.Bit.ShouldBe(old.Bit, old.Name);
        }

        after.Count.ShouldBe(before.Count + 3);
    }

    [Fact]
    public void TryGet_UnknownName_ReturnsFalse()
    {
        // Arrange
        PurposeTaxonomy taxonomy = DefaultTaxonomy.Create();

        // Act / Assert
        taxonomy.TryGet("marketing.communications.fax", out _).ShouldBeFalse();
        taxonomy.TryGet("Marketing", out _).ShouldBeFalse();
        taxonomy.TryGet("", out _).ShouldBeFalse();
        taxonomy.TryGet("marketing ".AsSpan(), out _).ShouldBeFalse();
    }
}
