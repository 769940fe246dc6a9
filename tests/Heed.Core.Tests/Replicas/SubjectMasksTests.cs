using Heed.Core.Decisions;
using Heed.Core.Leases;
using Heed.Core.Purposes;
using Heed.Core.Replicas;

namespace Heed.Core.Tests.Replicas;

public sealed class SubjectMasksTests
{
    // Two subjects forced onto one slot, as if XXH3 had collided.
    private const ulong SharedHash = 0xC0111DE;
    private const string Alice = "email:alice@example.com";
    private const string Bob = "user:bob";

    private readonly PurposeTaxonomy _taxonomy = DefaultTaxonomy.Create();
    private readonly SubjectMasks _masks = new(new ReplicaTable());
    private readonly ReplicaState _state;

    public SubjectMasksTests() =>
        _state = new ReplicaState(_taxonomy, LeaseClock.SourceOfTruth, _masks.Table);

    [Fact]
    public void Set_TwoSubjectsOneHash_SlotIsTheOr()
    {
        // Act
        _masks.Set(Alice, SharedHash, Get("marketing"));
        PurposeBits slot = _masks.Set(Bob, SharedHash, Get("analytics"));

        // Assert
        slot.ShouldBe(Bit("marketing") | Bit("analytics"));
        _masks.Table.GetBits(SharedHash).ShouldBe(slot);
        _masks.ExplicitBits(Alice, SharedHash).ShouldBe(Bit("marketing"));
        _masks.ExplicitBits(Bob, SharedHash).ShouldBe(Bit("analytics"));
        _masks.SubjectCount.ShouldBe(2);
    }

    [Fact]
    public void Clear_OneOfTwoCollidingSubjects_KeepsTheOthersBits()
    {
        // Arrange
        _masks.Set(Alice, SharedHash, Get("marketing"));
        _masks.Set(Bob, SharedHash, Get("marketing.communications.sms"));
        _masks.Set(Bob, SharedHash, Get("analytics"));

        // Act
        PurposeBits slot = _masks.Clear(Alice, SharedHash, Get("marketing"));

        // Assert: Bob's opt-outs still deny on the shared slot; Alice's clear took only her own bits.
        slot.ShouldBe(Bit("marketing.communications.sms") | Bit("analytics"));
        Check("marketing.communications.sms").Reason.ShouldBe(DecisionReason.OptedOut);
        Check("marketing").Reason.ShouldBe(DecisionReason.OptedOut);
        Check("analytics.reporting").Reason.ShouldBe(DecisionReason.OptedOut);
        Check("marketing.communications.email").Reason.ShouldBe(DecisionReason.Allowed);
        _masks.ExplicitBits(Alice, SharedHash).ShouldBe(PurposeBits.Empty);
    }

    [Fact]
    public void Check_CollidingSubjects_OverBlockTheOther()
    {
        // Arrange
        _masks.Set(Alice, SharedHash, Get("train_ai_system"));

        // Act: Bob never opted out, but shares Alice's slot.
        _masks.Clear(Bob, SharedHash, Get("all"));

        // Assert
        Check("train_ai_system").Reason.ShouldBe(DecisionReason.OptedOut);
        _masks.ExplicitBits(Bob, SharedHash).ShouldBe(PurposeBits.Empty);
    }

    [Fact]
    public void Clear_UnknownSubject_TakesNoSlot()
    {
        // Act
        PurposeBits slot = _masks.Clear(Alice, SharedHash, Get("marketing"));

        // Assert
        slot.ShouldBe(PurposeBits.Empty);
        _masks.Table.Count.ShouldBe(0);
        _masks.Table.Occupied.ShouldBe(0);
        _masks.SubjectCount.ShouldBe(0);
        Check("marketing").Reason.ShouldBe(DecisionReason.Allowed);
    }

    [Fact]
    public void Clear_LastOptOutOfASubject_ForgetsTheSubjectAndKeepsItsNeighbour()
    {
        // Arrange: Alice and Bob share a slot.
        _masks.Set(Alice, SharedHash, Get("marketing"));
        _masks.Set(Bob, SharedHash, Get("train_ai_system"));

        // Act
        _masks.Clear(Alice, SharedHash, Get("all"));

        // Assert
        _masks.SubjectCount.ShouldBe(1);
        _masks.ExplicitBits(Alice, SharedHash).ShouldBe(PurposeBits.Empty);
        Check("marketing").Reason.ShouldBe(DecisionReason.Allowed);
        Check("train_ai_system").Reason.ShouldBe(DecisionReason.OptedOut);

        // Act: Bob's last opt-out goes too.
        _masks.Clear(Bob, SharedHash, Get("train_ai_system"));

        // Assert
        _masks.SubjectCount.ShouldBe(0);
        _masks.Table.Count.ShouldBe(0);
    }

    [Theory]
    [InlineData("essential")]
    [InlineData("essential.security")]
    public void Set_EssentialPurpose_Throws(string purpose)
    {
        // Act
        var error = Should.Throw<ArgumentException>(() => _masks.Set(Alice, SharedHash, Get(purpose)));

        // Assert
        error.Message.ShouldContain("cannot be opted out of");
        _masks.Table.Get(SharedHash).ShouldBe(0UL);
    }

    [Fact]
    public void Clear_EssentialPurpose_ChangesNothing()
    {
        // Arrange
        _masks.Set(Alice, SharedHash, Get("all"));

        // Act
        PurposeBits slot = _masks.Clear(Alice, SharedHash, Get("essential"));

        // Assert
        slot.ShouldBe(Bit("all"));
    }

    [Fact]
    public void ExplicitBits_UnknownSubject_IsZero() =>
        _masks.ExplicitBits("user:nobody", SharedHash).ShouldBe(PurposeBits.Empty);

    private Purpose Get(string name)
    {
        _taxonomy.TryGet(name, out Purpose purpose).ShouldBeTrue(name);
        return purpose;
    }

    private PurposeBits Bit(string name) => PurposeBits.Of(Get(name).Bit);

    private Decision Check(string purpose) => _state.Check(SharedHash, Get(purpose));
}
