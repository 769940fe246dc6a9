using Heed.Core.Decisions;
using Heed.Core.Leases;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Subjects;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Core.Tests.Replicas;

public sealed class ReplicaStateTests
{
    private const string Alice = "email:alice@example.com";

    private readonly FakeTimeProvider _time = new();
    private readonly PurposeTaxonomy _taxonomy = DefaultTaxonomy.Create();
    private readonly LeaseClock _lease;
    private readonly ReplicaState _state;
    private readonly SubjectMasks _masks;

    public ReplicaStateTests()
    {
        _lease = new LeaseClock(_time);
        _state = new ReplicaState(_taxonomy, _lease);
        _masks = new SubjectMasks(_state.Table);
    }

    [Fact]
    public void Check_NoLease_UnconfirmedForEveryPurpose()
    {
        // Arrange
        OptOut(Alice, "marketing");

        // Act / Assert
        foreach (Purpose purpose in _taxonomy.All)
        {
            foreach (string subject in new[] { Alice, "user:nobody" })
            {
                Decision decision = _state.Check(subject, purpose.Name);
                decision.Reason.ShouldBe(DecisionReason.Unconfirmed, $"{subject} {purpose}");
                decision.Allowed.ShouldBeFalse();
                decision.Matched.ShouldBeNull();
            }
        }

        _state.IsFresh.ShouldBeFalse();
    }

    [Fact]
    public void Check_LeaseExpired_Unconfirmed()
    {
        // Arrange
        GrantLease();
        _state.Check("user:1", "analytics").Reason.ShouldBe(DecisionReason.Allowed);

        // Act
        _time.Advance(TimeSpan.FromSeconds(1));

        // Assert
        _state.Check("user:1", "analytics").Reason.ShouldBe(DecisionReason.Unconfirmed);
        _state.Check("user:1", "essential.security").Reason.ShouldBe(DecisionReason.Unconfirmed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("user")]
    [InlineData("Us-er:1")]
    [InlineData("user:08812")]
    [InlineData("user:a\u200Bb")]
    [InlineData("email:not-an-email")]
    [InlineData("phone:12345")]
    public void Check_InvalidSubject_InvalidSubjectBeforeAnythingElse(string subject)
    {
        // Arrange: no lease, unknown purpose; the subject is still named first.

        // Act
        Decision decision = _state.Check(subject, "no.such.purpose");

        // Assert
        decision.Reason.ShouldBe(DecisionReason.InvalidSubject);
        decision.Allowed.ShouldBeFalse();
    }

    [Theory]
    [InlineData("no.such.purpose")]
    [InlineData("Marketing")]
    [InlineData("marketing.")]
    [InlineData("")]
    public void Check_UnknownPurpose_UnknownPurposeBeforeLease(string purpose)
    {
        // Act
        Decision decision = _state.Check(Alice, purpose);

        // Assert
        decision.Reason.ShouldBe(DecisionReason.UnknownPurpose);
        decision.Allowed.ShouldBeFalse();
    }

    [Fact]
    public void Check_OptOutOfAll_EssentialStillAllowed()
    {
        // Arrange
        GrantLease();
        OptOut(Alice, "all");

        // Act / Assert
        foreach (Purpose purpose in _taxonomy.All)
        {
            Decision decision = _state.Check(Alice, purpose.Name);
            decision.Reason.ShouldBe(purpose.IsEssential ? DecisionReason.Essential : DecisionReason.OptedOut, purpose.Name);
            decision.Allowed.ShouldBe(purpose.IsEssential);
            (decision.Matched?.Name).ShouldBe(purpose.IsEssential ? null : "all", purpose.Name);
        }
    }

    [Theory]
    [InlineData("marketing", "marketing.communications.sms", "marketing")]
    [InlineData("marketing", "marketing", "marketing")]
    [InlineData("marketing", "all", "marketing")]
    [InlineData("marketing", "analytics.reporting", null)]
    [InlineData("marketing.communications.sms", "marketing", "marketing.communications.sms")]
    [InlineData("marketing.communications.sms", "marketing.communications", "marketing.communications.sms")]
    [InlineData("marketing.communications.sms", "marketing.communications.email", null)]
    [InlineData("marketing.communications.sms", "marketing.advertising", null)]
    [InlineData("third_party_sharing.sale", "essential.legal_obligation", null)]
    public void Check_OptOut_DeniesRelatedPurposesOnly(string optedOut, string checkedPurpose, string? matched)
    {
        // Arrange
        GrantLease();
        OptOut(Alice, optedOut);

        // Act
        Decision decision = _state.Check(Alice, checkedPurpose);

        // Assert
        decision.Allowed.ShouldBe(matched is null);
        (decision.Matched?.Name).ShouldBe(matched);
        if (matched is not null)
        {
            decision.Reason.ShouldBe(DecisionReason.OptedOut);
        }
    }

    [Fact]
    public void Check_ClearOfChild_AncestorOptOutStays()
    {
        // Arrange
        GrantLease();
        OptOut(Alice, "marketing");
        OptOut(Alice, "marketing.communications.email");

        // Act
        Clear(Alice, "marketing.communications.email");

        // Assert
        Decision decision = _state.Check(Alice, "marketing.communications.email");
        decision.Reason.ShouldBe(DecisionReason.OptedOut);
        decision.Matched.ShouldNotBeNull().Name.ShouldBe("marketing");
    }

    [Fact]
    public void Check_ClearOfAncestor_ClearsEverythingBelow()
    {
        // Arrange
        GrantLease();
        OptOut(Alice, "marketing.communications.email");
        OptOut(Alice, "marketing.advertising.profiling");
        OptOut(Alice, "analytics");

        // Act
        Clear(Alice, "marketing");

        // Assert
        _state.Check(Alice, "marketing").Reason.ShouldBe(DecisionReason.Allowed);
        _state.Check(Alice, "marketing.communications.email").Reason.ShouldBe(DecisionReason.Allowed);
        _state.Check(Alice, "analytics.reporting").Reason.ShouldBe(DecisionReason.OptedOut);
        _state.Check(Alice, "all").Reason.ShouldBe(DecisionReason.OptedOut);
    }

    [Fact]
    public void Check_OtherSpellingOfSubject_SameDecision()
    {
        // Arrange
        GrantLease();
        OptOut(Alice, "marketing");

        // Act
        Decision decision = _state.Check("  email: Alice@EXAMPLE.com ", "marketing.communications.email");

        // Assert
        decision.Reason.ShouldBe(DecisionReason.OptedOut);
        _state.Check("email:bob@example.com", "marketing.communications.email").Reason.ShouldBe(DecisionReason.Allowed);
    }

    [Fact]
    public void Check_PurposeAddedBelowAnOptedOutNode_Denies()
    {
        // Arrange: an opt-out of marketing, then the taxonomy gains a purpose below it.
        GrantLease();
        OptOut(Alice, "marketing");
        var extended = PurposeTaxonomy.Create([.. DefaultTaxonomy.Leaves, "marketing.communications.email.newsletter"]);

        // Act
        _state.Taxonomy = extended;

        // Assert
        Decision decision = _state.Check(Alice, "marketing.communications.email.newsletter");
        decision.Reason.ShouldBe(DecisionReason.OptedOut);
        decision.Matched.ShouldNotBeNull().Name.ShouldBe("marketing");
    }

    [Fact]
    public void Check_RequiredLsnNotApplied_Unconfirmed()
    {
        // Arrange
        _lease.Grant(_time.GetTimestamp(), TimeSpan.FromSeconds(1), requiredLsn: 10);
        _state.AppliedLsn = 9;

        // Act
        Decision before = _state.Check(Alice, "analytics");
        _state.AppliedLsn = 10;
        Decision after = _state.Check(Alice, "analytics");

        // Assert
        before.Reason.ShouldBe(DecisionReason.Unconfirmed);
        before.Lsn.ShouldBe(9);
        after.Reason.ShouldBe(DecisionReason.Allowed);
        after.Lsn.ShouldBe(10);
        _state.IsFresh.ShouldBeTrue();
    }

    [Fact]
    public void Check_PrehashedSubject_SameAsStringCheck()
    {
        // Arrange
        GrantLease();
        OptOut(Alice, "marketing.communications.sms");
        SubjectHash.TryHash(Alice, out ulong key).ShouldBe(SubjectError.None);

        // Act / Assert
        foreach (Purpose purpose in _taxonomy.All)
        {
            _state.Check(key, purpose).ShouldBe(_state.Check(Alice, purpose.Name), purpose.Name);
        }
    }

    private void GrantLease() => _lease.Grant(_time.GetTimestamp(), TimeSpan.FromSeconds(1), requiredLsn: 0);

    private void OptOut(string subject, string purpose) => Write(subject, purpose, set: true);

    private void Clear(string subject, string purpose) => Write(subject, purpose, set: false);

    private void Write(string subject, string purpose, bool set)
    {
        SubjectParser.TryNormalize(subject, out string canonical).ShouldBe(SubjectError.None);
        _taxonomy.TryGet(purpose, out Purpose p).ShouldBeTrue(purpose);
        ulong hash = SubjectHash.Of(canonical);
        _ = set ? _masks.Set(canonical, hash, p) : _masks.Clear(canonical, hash, p);
    }
}
