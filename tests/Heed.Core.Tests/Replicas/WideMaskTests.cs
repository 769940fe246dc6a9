using Heed.Core.Decisions;
using Heed.Core.Leases;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Subjects;

namespace Heed.Core.Tests.Replicas;

/// <summary>A taxonomy of more than 1,000 purposes: opt-outs beyond word 0 are enforced through the side
/// words, and subjects within word 0 keep their 16-byte slot.</summary>
public sealed class WideMaskTests
{
    private const int Leaves = 1_200;
    private static readonly PurposeTaxonomy Wide = Build();

    private readonly ReplicaState _state = new(Wide, LeaseClock.SourceOfTruth);
    private readonly SubjectMasks _masks;

    public WideMaskTests() => _masks = new SubjectMasks(_state.Table);

    [Fact]
    public void Create_1200Leaves_LastOnesAreBeyondWordZero()
    {
        // Assert
        Wide.All.Count(p => p.Bit >= 0).ShouldBeGreaterThanOrEqualTo(1_000);
        Get("big.p1199").Bit.ShouldBeGreaterThan(1_000);
        Get("big.p1199").CheckMask.ShouldBe((1UL << Get("big").Bit) | 1UL | PurposeBits.WideFlag);
    }

    [Fact]
    public void Check_OptOutOfALastPurpose_DeniesItAndItsAncestorsOnly()
    {
        // Arrange
        OptOut("user:1", "big.p1199");

        // Act / Assert
        Check("user:1", "big.p1199").Reason.ShouldBe(DecisionReason.OptedOut);
        Check("user:1", "big.p1199").Matched!.Name.ShouldBe("big.p1199");
        Check("user:1", "big").Reason.ShouldBe(DecisionReason.OptedOut);
        Check("user:1", "all").Reason.ShouldBe(DecisionReason.OptedOut);
        Check("user:1", "big.p1198").Reason.ShouldBe(DecisionReason.Allowed);
        Check("user:1", "big.p5").Reason.ShouldBe(DecisionReason.Allowed);
        Check("user:1", "marketing").Reason.ShouldBe(DecisionReason.Allowed);
        Check("user:2", "big.p1199").Reason.ShouldBe(DecisionReason.Allowed);
        _state.Table.WideCount.ShouldBe(1);
    }

    [Fact]
    public void Check_OptOutOfTheRoot_DeniesTheLastPurposeInOneWord()
    {
        // Arrange
        OptOut("user:1", "all");

        // Act / Assert: the root's bit is in word 0 of every check mask.
        Check("user:1", "big.p1199").Matched!.Name.ShouldBe("all");
        _state.Table.WideCount.ShouldBe(0);
    }

    [Fact]
    public void Clear_LastWideOptOut_DropsTheSideWords()
    {
        // Arrange
        OptOut("user:1", "big.p1199");
        OptOut("user:1", "marketing");

        // Act
        PurposeBits slot = _masks.Clear("user:1", SubjectHash.Of("user:1"), Get("big"));

        // Assert
        slot.IsWide.ShouldBeFalse();
        _state.Table.Get(SubjectHash.Of("user:1")).ShouldBe(1UL << Get("marketing").Bit);
        _state.Table.WideCount.ShouldBe(0);
        Check("user:1", "big.p1199").Reason.ShouldBe(DecisionReason.Allowed);
        Check("user:1", "marketing").Reason.ShouldBe(DecisionReason.OptedOut);
    }

    [Fact]
    public void Check_WideAndNarrowSubjectsOnOneSlot_OverBlockBothNeverLeak()
    {
        // Arrange: two subjects forced onto one hash, as if it had collided.
        const ulong shared = 0xC0111DE;
        _masks.Set("user:wide", shared, Get("big.p1100"));
        _masks.Set("user:narrow", shared, Get("marketing.communications.sms"));

        // Act / Assert: the slot denies what either opted out of.
        _state.Check(shared, Get("big.p1100")).Reason.ShouldBe(DecisionReason.OptedOut);
        _state.Check(shared, Get("marketing.communications.sms")).Reason.ShouldBe(DecisionReason.OptedOut);
        _state.Check(shared, Get("big.p1101")).Reason.ShouldBe(DecisionReason.Allowed);

        // The narrow one clears: the wide one's opt-out stays.
        _masks.Clear("user:narrow", shared, Get("marketing"));
        _state.Check(shared, Get("big.p1100")).Reason.ShouldBe(DecisionReason.OptedOut);
        _state.Check(shared, Get("marketing.communications.sms")).Reason.ShouldBe(DecisionReason.Allowed);
    }

    [Fact]
    public void CheckMany_WideSubjects_AnswerAsCheck()
    {
        // Arrange
        OptOut("user:1", "big.p1000");
        OptOut("user:2", "big.p7");
        CheckRequest[] requests = [new("user:1", "big.p1000"), new("user:1", "big.p7"), new("user:2", "big.p7"), new("user:2", "big.p1000")];
        var decisions = new Decision[requests.Length];

        // Act
        _state.CheckMany(requests, decisions);

        // Assert
        decisions.Select(d => d.Reason).ShouldBe([DecisionReason.OptedOut, DecisionReason.Allowed, DecisionReason.OptedOut, DecisionReason.Allowed]);
    }

    [Fact]
    public void Check_DeprecatedWidePurpose_CarriesOverToItsSuccessor()
    {
        // Arrange: an opt-out of the old wide purpose, recorded before it was deprecated.
        OptOut("user:1", "big.p1150");
        _state.Taxonomy = Wide.Deprecate("big.p1150", "big.p3");

        // Act / Assert: the successor is denied too, and the old purpose still is.
        Check("user:1", "big.p3").Reason.ShouldBe(DecisionReason.OptedOut);
        Check("user:1", "big.p3").Matched!.Name.ShouldBe("big.p1150");
        Check("user:1", "big.p1150").Reason.ShouldBe(DecisionReason.OptedOut);
        Check("user:1", "big.p4").Reason.ShouldBe(DecisionReason.Allowed);
    }

    [Fact]
    public void Table_NarrowSubjects_Take16BytesASlotAndNoSideWords()
    {
        // Arrange
        var table = new ReplicaTable(10_000);
        long before = table.AllocatedBytes;

        // Act
        for (int i = 1; i <= 10_000; i++)
        {
            table.Set(SubjectHash.Of("user:" + i), PurposeBits.Of(5));
        }

        // Assert
        table.WideCount.ShouldBe(0);
        table.AllocatedBytes.ShouldBe(before);
        ((double)table.AllocatedBytes / table.Count).ShouldBeLessThanOrEqualTo(24);
    }

    [Fact]
    public void Table_WideSubjects_ReportWhatTheyAllocate()
    {
        // Arrange: 10,000 subjects opted out of the last purpose (bit ~1,230: 19 words above word 0).
        const int subjects = 10_000;
        var table = new ReplicaTable(subjects);
        ulong[] keys = [.. Enumerable.Range(1, subjects).Select(i => SubjectHash.Of("user:" + i))];
        int bit = Get("big.p1199").Bit;
        long slots = table.AllocatedBytes;

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (ulong key in keys)
        {
            table.Set(key, PurposeBits.Of(bit));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert: the reported bytes (what a lease request sends) are close to what was allocated, which also
        // counts the side dictionary's outgrown bucket arrays (about 300 B allocated for 232 B reported).
        double reported = (double)(table.AllocatedBytes - slots) / subjects;
        double measured = (double)allocated / subjects;
        table.WideCount.ShouldBe(subjects);
        reported.ShouldBe(measured, measured / 3, $"reported {reported:F0} B, allocated {measured:F0} B per wide subject");
    }

    private static PurposeTaxonomy Build() =>
        PurposeTaxonomy.Create([.. DefaultTaxonomy.Leaves, .. Enumerable.Range(0, Leaves).Select(i => "big.p" + i)]);

    private static Purpose Get(string name)
    {
        Wide.TryGet(name, out Purpose purpose).ShouldBeTrue(name);
        return purpose;
    }

    private void OptOut(string subject, string purpose) => _masks.Set(subject, SubjectHash.Of(subject), Get(purpose));

    private Decision Check(string subject, string purpose) => _state.Check(subject, purpose);
}
