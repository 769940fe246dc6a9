using Heed.Core.Decisions;
using Heed.Core.Overrides;

namespace Heed.Core.Tests.Overrides;

public sealed class OverrideTableTests
{
    private const string Alice = "email:alice@example.com";
    private const string Bob = "email:bob@example.com";
    private const string Id = "ovr_00000000000000aa";
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly OverrideHarness _replica = new();

    public OverrideTableTests()
    {
        _replica.OptOut(Alice, "marketing");
        _replica.OptOut(Bob, "marketing");
    }

    [Fact]
    public void Check_OverrideCoversOptOut_OverrideWithIdAndMatched()
    {
        // Arrange
        _replica.Install(OverrideHarness.ForService(Id, ["marketing"]));
        _replica.Grant((Id, Hour));

        // Act
        Decision decision = _replica.State.Check(Alice, "marketing.communications.email");

        // Assert
        decision.Reason.ShouldBe(DecisionReason.Override);
        decision.Allowed.ShouldBeTrue();
        decision.OverrideId.ShouldBe(Id);
        decision.Matched!.Name.ShouldBe("marketing");
    }

    [Fact]
    public void Replace_OtherServiceOrReplica_Ignored()
    {
        // Arrange
        _replica.Install(
            new Override(Id, "shipping", string.Empty, ["marketing"], []),
            new Override("ovr_00000000000000bb", string.Empty, "replica-2", ["marketing"], []));
        _replica.Grant((Id, Hour), ("ovr_00000000000000bb", Hour));

        // Act
        Decision decision = _replica.State.Check(Alice, "marketing");

        // Assert
        _replica.Overrides.Count.ShouldBe(0);
        decision.Reason.ShouldBe(DecisionReason.OptedOut);
        decision.OverrideId.ShouldBeNull();
    }

    [Fact]
    public void Replace_ThisReplicaId_Honored()
    {
        // Arrange
        _replica.Install(new Override(Id, string.Empty, OverrideHarness.ReplicaId, ["marketing"], []));
        _replica.Grant((Id, Hour));

        // Act / Assert
        _replica.State.Check(Alice, "marketing").Reason.ShouldBe(DecisionReason.Override);
    }

    [Theory]
    [InlineData("marketing", false)]
    [InlineData("marketing.communications", true)]
    [InlineData("marketing.communications.sms", true)]
    [InlineData("marketing.communications.email", true)]
    [InlineData("marketing.advertising.profiling", false)]
    [InlineData("all", false)]
    public void Check_OverrideOfCommunications_CoversItselfAndBelowOnly(string purpose, bool covered)
    {
        // Arrange: the opt-out (marketing) denies all of these; the override is of one branch.
        _replica.Install(OverrideHarness.ForService(Id, ["marketing.communications"]));
        _replica.Grant((Id, Hour));

        // Act
        Decision decision = _replica.State.Check(Alice, purpose);

        // Assert
        decision.Reason.ShouldBe(covered ? DecisionReason.Override : DecisionReason.OptedOut, purpose);
    }

    [Fact]
    public void Check_OverrideOfSibling_OptedOut()
    {
        // Arrange
        _replica.Install(OverrideHarness.ForService(Id, ["marketing.communications.sms"]));
        _replica.Grant((Id, Hour));

        // Act / Assert
        _replica.State.Check(Alice, "marketing.communications.email").Reason.ShouldBe(DecisionReason.OptedOut);
        _replica.State.Check(Alice, "marketing.communications.sms").Reason.ShouldBe(DecisionReason.Override);
    }

    [Fact]
    public void Check_SubjectList_CoversListedSubjectsOnly()
    {
        // Arrange
        _replica.Install(OverrideHarness.ForService(Id, ["marketing"], Alice));
        _replica.Grant((Id, Hour));

        // Act / Assert
        _replica.State.Check("EMAIL: Alice@Example.com", "marketing").Reason.ShouldBe(DecisionReason.Override);
        _replica.State.Check(Bob, "marketing").Reason.ShouldBe(DecisionReason.OptedOut);
    }

    [Fact]
    public void Check_NotOptedOut_AllowedNotOverride()
    {
        // Arrange
        _replica.Install(OverrideHarness.ForService(Id, ["all"]));
        _replica.Grant((Id, Hour));

        // Act
        Decision decision = _replica.State.Check("user:someone", "marketing");

        // Assert
        decision.Reason.ShouldBe(DecisionReason.Allowed);
        _replica.Overrides.Counts().ShouldBe([new OverrideCount(Id, 0)]);
    }

    [Fact]
    public void Check_NoLease_UnconfirmedEvenWithOverride()
    {
        // Arrange: the override is timed, then the lease ends (the stream broke).
        _replica.Install(OverrideHarness.ForService(Id, ["all"]));
        _replica.Grant((Id, Hour));
        _replica.Lease.Revoke();

        // Act / Assert
        _replica.State.Check(Alice, "marketing").Reason.ShouldBe(DecisionReason.Unconfirmed);
        _replica.Overrides.Counts().ShouldBe([new OverrideCount(Id, 0)]);
    }

    [Fact]
    public void Check_InvalidSubjectOrUnknownPurpose_NeverOverridden()
    {
        // Arrange
        _replica.Install(OverrideHarness.ForService(Id, ["all"]));
        _replica.Grant((Id, Hour));

        // Act / Assert
        _replica.State.Check("not a subject", "marketing").Reason.ShouldBe(DecisionReason.InvalidSubject);
        _replica.State.Check(Alice, "no.such.purpose").Reason.ShouldBe(DecisionReason.UnknownPurpose);
    }

    [Fact]
    public void Check_InstalledButNotYetTimed_OptedOut()
    {
        // Arrange: the set arrived, no grant has timed it yet.
        _replica.Grant();
        _replica.Install(OverrideHarness.ForService(Id, ["all"]));

        // Act / Assert
        _replica.State.Check(Alice, "marketing").Reason.ShouldBe(DecisionReason.OptedOut);
    }

    [Fact]
    public void Check_AtHonoredUntil_OptedOut()
    {
        // Arrange: 10 s left when the registry got the request; drift margin 0.1 → honored for 9 s after it was sent.
        _replica.Install(OverrideHarness.ForService(Id, ["all"]));
        _replica.Grant((Id, TimeSpan.FromSeconds(10)));
        TimeSpan oneTick = TimeSpan.FromTicks(1);

        // Act / Assert
        _replica.Time.Advance(TimeSpan.FromSeconds(9) - oneTick);
        _replica.State.Check(Alice, "marketing").Reason.ShouldBe(DecisionReason.Override);
        _replica.Time.Advance(oneTick);
        _replica.State.Check(Alice, "marketing").Reason.ShouldBe(DecisionReason.OptedOut);
        _replica.Lease.IsValid(0).ShouldBeTrue();
    }

    [Fact]
    public void Honor_SameRuleAsTheLease()
    {
        // Arrange
        _replica.Install(OverrideHarness.ForService(Id, ["all"]));
        long sentAt = _replica.Time.GetTimestamp();

        // Act: a grant of the same time for the lease and the override.
        _replica.Overrides.Honor(_replica.Lease, sentAt, new Dictionary<string, TimeSpan> { [Id] = OverrideHarness.LeaseTime });
        _replica.Lease.Grant(sentAt, OverrideHarness.LeaseTime, requiredLsn: 0);

        // Assert: both end at the same tick.
        _replica.Time.Advance(TimeSpan.FromMilliseconds(900) - TimeSpan.FromTicks(1));
        _replica.State.Check(Alice, "marketing").Reason.ShouldBe(DecisionReason.Override);
        _replica.Time.Advance(TimeSpan.FromTicks(1));
        _replica.State.Check(Alice, "marketing").Reason.ShouldBe(DecisionReason.Unconfirmed);
    }

    [Fact]
    public void Honor_GrantWithoutTheId_EndsIt()
    {
        // Arrange
        _replica.Install(OverrideHarness.ForService(Id, ["all"]));
        _replica.Grant((Id, Hour));
        _replica.State.Check(Alice, "marketing").Reason.ShouldBe(DecisionReason.Override);

        // Act
        _replica.Grant();

        // Assert
        _replica.State.Check(Alice, "marketing").Reason.ShouldBe(DecisionReason.OptedOut);
        _replica.Lease.IsValid(0).ShouldBeTrue();
    }

    [Fact]
    public void Replace_KeptOverride_KeepsItsTimeAndDroppedOneEnds()
    {
        // Arrange
        const string other = "ovr_00000000000000bb";
        _replica.Install(OverrideHarness.ForService(Id, ["marketing"], Alice), OverrideHarness.ForService(other, ["marketing"], Bob));
        _replica.Grant((Id, Hour), (other, Hour));

        // Act: the registry revoked the other one.
        _replica.Install(OverrideHarness.ForService(Id, ["marketing"], Alice));

        // Assert
        _replica.State.Check(Alice, "marketing").OverrideId.ShouldBe(Id);
        _replica.State.Check(Bob, "marketing").Reason.ShouldBe(DecisionReason.OptedOut);
    }

    [Fact]
    public void Counts_EachOverrideAllow_CountedEvenAfterRemoval()
    {
        // Arrange
        const string other = "ovr_00000000000000bb";
        _replica.Install(OverrideHarness.ForService(Id, ["marketing"], Alice), OverrideHarness.ForService(other, ["marketing"], Bob));
        _replica.Grant((Id, Hour), (other, Hour));

        // Act
        for (int i = 0; i < 3; i++)
        {
            _replica.State.Check(Alice, "marketing");
        }

        _replica.State.Check(Bob, "marketing");
        _replica.State.Check("user:other", "marketing");
        _replica.Install();

        // Assert
        _replica.Overrides.Counts().OrderBy(c => c.Id, StringComparer.Ordinal)
            .ShouldBe([new OverrideCount(Id, 3), new OverrideCount(other, 1)]);
    }

    [Fact]
    public async Task Counts_ConcurrentChecks_NoneLost()
    {
        // Arrange
        _replica.Install(OverrideHarness.ForService(Id, ["all"]));
        _replica.Grant((Id, Hour));

        // Act
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                _replica.State.Check(Alice, "marketing");
            }
        })));

        // Assert
        _replica.Overrides.Counts().ShouldBe([new OverrideCount(Id, 40_000)]);
    }
}
