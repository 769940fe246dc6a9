using Heed.Core.Purposes;

namespace Heed.Core.Tests.Purposes;

public sealed class TaxonomyEvolutionTests
{
    private readonly PurposeTaxonomy _default = DefaultTaxonomy.Create();

    [Fact]
    public void Add_NewLeaf_KeepsEveryNodeAndCreatesItsParents()
    {
        // Act
        PurposeTaxonomy after = _default.Add("research.survey.panel");

        // Assert
        after.Count.ShouldBe(_default.Count + 3);
        foreach (Purpose old in _default.All)
        {
            after.All[old.Index].Name.ShouldBe(old.Name);
            after.All[old.Index].Bit.ShouldBe(old.Bit);
        }

        int last = _default.All.Max(p => p.Bit);
        after.All.Skip(_default.Count).Select(p => (p.Name, p.Bit)).ShouldBe([("research", last + 1), ("research.survey", last + 2), ("research.survey.panel", last + 3)]);
        after.TryGet("research", out Purpose research).ShouldBeTrue();
        after.Root.SubtreeBits.Has(research.Bit).ShouldBeTrue();
    }

    [Fact]
    public void Add_ExistingName_ReturnsTheSameTaxonomy()
    {
        // Act / Assert
        _default.Add("marketing").ShouldBeSameAs(_default);
        _default.Add("all").ShouldBeSameAs(_default);
    }

    [Fact]
    public void AddRange_Names_SameAsAddingOneByOne()
    {
        // Arrange
        string[] names = [.. Enumerable.Range(0, 100).Select(i => "extra.p" + i), "marketing", "essential.fraud"];

        // Act
        PurposeTaxonomy once = _default.AddRange(names);
        PurposeTaxonomy oneByOne = names.Aggregate(_default, (t, n) => t.Add(n));

        // Assert
        once.Definitions.ShouldBe(oneByOne.Definitions);
        once.All.Select(p => p.CheckBits).ShouldBe(oneByOne.All.Select(p => p.CheckBits));
        _default.AddRange(["marketing", "all"]).ShouldBeSameAs(_default);
    }

    [Fact]
    public void Add_InvalidName_Throws() =>
        Should.Throw<ArgumentException>(() => _default.Add("Marketing")).Message.ShouldContain("not a valid purpose name");

    [Fact]
    public void Add_UnderEssential_IsBitless()
    {
        // Act
        PurposeTaxonomy after = _default.Add("essential.fraud");

        // Assert
        after.TryGet("essential.fraud", out Purpose fraud).ShouldBeTrue();
        fraud.Bit.ShouldBe(-1);
        fraud.CheckBits.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Add_PastBit62_SkipsBit63()
    {
        // Arrange: the default taxonomy plus enough nodes to reach bit 62.
        PurposeTaxonomy taxonomy = _default;
        while (taxonomy.All.Max(p => p.Bit) < 62)
        {
            taxonomy = taxonomy.Add("filler.f" + taxonomy.Count);
        }

        // Act
        PurposeTaxonomy after = taxonomy.Add("wide.one");

        // Assert
        after.TryGet("wide", out Purpose wide).ShouldBeTrue();
        wide.Bit.ShouldBe(64);
        after.TryGet("wide.one", out Purpose one).ShouldBeTrue();
        one.Bit.ShouldBe(65);
        one.CheckMask.ShouldBe(PurposeBits.WideFlag | 1UL, "the root's bit and the wide flag");
    }

    [Fact]
    public void Deprecate_WithSuccessor_CarriesOptOutsOverBothWays()
    {
        // Arrange
        Purpose sms = Get(_default, "marketing.communications.sms");
        Purpose push = Get(_default, "marketing.communications.push");

        // Act
        PurposeTaxonomy after = _default.Deprecate(sms.Name, push.Name);

        // Assert
        Purpose a = Get(after, sms.Name);
        Purpose b = Get(after, push.Name);
        a.IsDeprecated.ShouldBeTrue();
        a.Successor.ShouldBeSameAs(b);
        a.Bit.ShouldBe(sms.Bit);
        b.IsDeprecated.ShouldBeFalse();
        (sms.CheckBits - a.CheckBits).IsEmpty.ShouldBeTrue("A keeps its own check bits");
        (b.CheckBits - a.CheckBits).IsEmpty.ShouldBeTrue("a check of A is denied whatever denies B");
        b.CheckBits.Has(a.Bit).ShouldBeTrue("an opt-out of A denies B");
        b.CoverBits.Has(a.Bit).ShouldBeTrue("an opt-out of A is an opt-out of B");
        b.ClearBits.Has(a.Bit).ShouldBeTrue("a clear of B clears A");
        Get(after, "marketing.communications.email").CheckBits.Has(a.Bit).ShouldBeFalse("a sibling stays unrelated");
        after.Definitions[a.Index].ShouldBe(new PurposeDefinition(sms.Name, sms.Bit, true, push.Name));
    }

    [Fact]
    public void Deprecate_Chain_CarriesOverAllTheWay()
    {
        // Act: sms → push, then push → email.
        PurposeTaxonomy after = _default
            .Deprecate("marketing.communications.sms", "marketing.communications.push")
            .Deprecate("marketing.communications.push", "marketing.communications.email");

        // Assert
        Purpose sms = Get(after, "marketing.communications.sms");
        Purpose email = Get(after, "marketing.communications.email");
        email.CheckBits.Has(sms.Bit).ShouldBeTrue();
        email.ClearBits.Has(sms.Bit).ShouldBeTrue();
        (email.CheckBits - sms.CheckBits).IsEmpty.ShouldBeTrue();
        after.FindMatch(email, PurposeBits.Of(sms.Bit)).ShouldBeSameAs(sms);
    }

    [Fact]
    public void Deprecate_WithoutSuccessor_ChangesNoMask()
    {
        // Act
        PurposeTaxonomy after = _default.Deprecate("train_ai_system", null);

        // Assert
        Get(after, "train_ai_system").IsDeprecated.ShouldBeTrue();
        Get(after, "train_ai_system").Successor.ShouldBeNull();
        after.All.Select(p => p.CheckBits).ShouldBe(_default.All.Select(p => p.CheckBits));
    }

    [Fact]
    public void Deprecate_Again_SameSuccessorIsANoOpAnotherThrows()
    {
        // Arrange
        PurposeTaxonomy once = _default.Deprecate("analytics.reporting", "analytics");

        // Act / Assert
        once.Deprecate("analytics.reporting", "analytics").ShouldBeSameAs(once);
        Should.Throw<ArgumentException>(() => once.Deprecate("analytics.reporting", null)).Message.ShouldContain("already deprecated");
    }

    [Theory]
    [InlineData("nope", null, "not a purpose")]
    [InlineData("all", null, "root")]
    [InlineData("essential.security", null, "essential")]
    [InlineData("marketing", "nope", "successor 'nope' is not a purpose")]
    [InlineData("marketing", "marketing", "its own successor")]
    [InlineData("marketing", "marketing.communications.sms", "lies below")]
    [InlineData("marketing", "essential.service", "essential")]
    public void Deprecate_Invalid_ThrowsSayingWhy(string name, string? successor, string reason) =>
        Should.Throw<ArgumentException>(() => _default.Deprecate(name, successor)).Message.ShouldContain(reason);

    [Fact]
    public void Deprecate_ToADeprecatedSuccessor_Throws()
    {
        // Arrange
        PurposeTaxonomy taxonomy = _default.Deprecate("analytics.reporting", "personalize.content");

        // Act / Assert: pointing at a deprecated purpose could close a cycle.
        Should.Throw<ArgumentException>(() => taxonomy.Deprecate("personalize.content", "analytics.reporting")).Message.ShouldContain("itself deprecated");
    }

    [Fact]
    public void FromNodes_Definitions_RebuildsTheSameTaxonomy()
    {
        // Arrange
        PurposeTaxonomy original = _default.Add("research.survey").Deprecate("marketing.communications.sms", "marketing.communications.push");

        // Act
        PurposeTaxonomy copy = PurposeTaxonomy.FromNodes(original.Definitions);

        // Assert
        copy.Definitions.ShouldBe(original.Definitions);
        foreach (Purpose p in original.All)
        {
            Purpose q = copy.All[p.Index];
            (q.Name, q.Bit, q.IsEssential, q.IsDeprecated, q.Successor?.Name).ShouldBe((p.Name, p.Bit, p.IsEssential, p.IsDeprecated, p.Successor?.Name));
            q.CheckBits.ShouldBe(p.CheckBits, p.Name);
            q.ClearBits.ShouldBe(p.ClearBits, p.Name);
            q.CoverBits.ShouldBe(p.CoverBits, p.Name);
        }
    }

    [Fact]
    public void FromNodes_SparseBits_KeepsThemAsGiven()
    {
        // Act
        PurposeTaxonomy taxonomy = PurposeTaxonomy.FromNodes([new("all", 0), new("b", 900), new("a", 5), new("b.c", 64)]);

        // Assert
        taxonomy.All.Select(p => p.Bit).ShouldBe([0, 900, 5, 64]);
        Get(taxonomy, "b").SubtreeBits.Bits().ShouldBe([64, 900]);
    }

    [Fact]
    public void FromNodes_BrokenDefinitions_ReportsEveryError()
    {
        // Arrange
        PurposeDefinition[] nodes =
        [
            new("all", 0),
            new("a.b", 1),
            new("a", 1),
            new("c", 63),
            new("essential", 7),
            new("d", 2, Deprecated: true, Successor: "zzz"),
            new("e", 3, Deprecated: false, Successor: "a"),
            new("f", 4, Deprecated: true, Successor: "g"),
            new("g", 5, Deprecated: true, Successor: "f"),
            new("a", 6),
        ];

        // Act
        string message = Should.Throw<ArgumentException>(() => PurposeTaxonomy.FromNodes(nodes)).Message;

        // Assert
        message.ShouldContain("'a.b' comes before its parent 'a'");
        message.ShouldContain("bit 1 of 'a' is taken");
        message.ShouldContain("'c' has bit 63");
        message.ShouldContain("'essential' is essential and must have bit -1");
        message.ShouldContain("successor 'zzz' is not a purpose");
        message.ShouldContain("'e' has a successor but is not deprecated");
        message.ShouldContain("the successors of 'f' lead back to it");
        message.ShouldContain("'a' is defined twice");
    }

    [Fact]
    public void FromNodes_RootMissing_Throws() =>
        Should.Throw<ArgumentException>(() => PurposeTaxonomy.FromNodes([new("a", 1)])).Message.ShouldContain("root 'all'");

    private static Purpose Get(PurposeTaxonomy taxonomy, string name)
    {
        taxonomy.TryGet(name, out Purpose purpose).ShouldBeTrue(name);
        return purpose;
    }
}
