using Heed.Core.Decisions;
using Heed.Core.Leases;
using Heed.Core.Overrides;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Subjects;

namespace Heed.Core.Tests.Replicas;

[Collection(nameof(AllocationCollection))]
public sealed class ReplicaStateAllocationTests
{
    private const int Rounds = 20_000;

    private readonly ReplicaState _fresh;
    private readonly ReplicaState _stale;

    // Every outcome, on the system clock as in production.
    private readonly CheckRequest[] _checks =
    [
        new("email:Alice@Example.com", "marketing.communications.email"),
        new("email:alice@example.com", "analytics.reporting"),
        new("user:123456", "marketing"),
        new("phone:+1 (555) 123-4567", "essential.security"),
        new("hashed_email:" + new string('A', 64), "all"),
        new("not a subject", "marketing"),
        new("user:1", "no.such.purpose"),
    ];

    public ReplicaStateAllocationTests()
    {
        PurposeTaxonomy taxonomy = DefaultTaxonomy.Create();
        var lease = new LeaseClock(TimeProvider.System);
        lease.Grant(TimeProvider.System.GetTimestamp(), TimeSpan.FromHours(1), requiredLsn: 0);
        _fresh = new ReplicaState(taxonomy, lease);
        _stale = new ReplicaState(taxonomy, new LeaseClock(TimeProvider.System));
        taxonomy.TryGet("marketing", out Purpose marketing).ShouldBeTrue();
        new SubjectMasks(_fresh.Table).Set("email:alice@example.com", SubjectHash.Of("email:alice@example.com"), marketing);
    }

    [Fact]
    public void Check_OnceWarm_AllocatesNothing()
    {
        // Arrange
        var counts = new int[8];

        // Act
        long allocated = Allocations.OnceWarm(
            () =>
            {
                foreach (CheckRequest check in _checks)
                {
                    counts[(int)_fresh.Check(check.Subject, check.Purpose).Reason]++;
                    counts[(int)_stale.Check(check.Subject, check.Purpose).Reason]++;
                }
            },
            Rounds);

        // Assert
        allocated.ShouldBe(0);
        counts[(int)DecisionReason.OptedOut].ShouldBe(counts[(int)DecisionReason.Essential]);
        counts[(int)DecisionReason.Unconfirmed].ShouldBe(5 * counts[(int)DecisionReason.OptedOut]);
        counts[(int)DecisionReason.InvalidSubject].ShouldBe(2 * counts[(int)DecisionReason.OptedOut]);
    }

    [Fact]
    public void CheckMany_OnceWarm_AllocatesNothing()
    {
        // Arrange
        CheckRequest[] requests = Enumerable.Range(0, 100).Select(i => _checks[i % _checks.Length]).ToArray();
        var decisions = new Decision[requests.Length];

        // Act
        long allocated = Allocations.OnceWarm(() => _fresh.CheckMany(requests, decisions), Rounds / 10);

        // Assert
        allocated.ShouldBe(0);
        decisions.Count(d => d.Reason == DecisionReason.OptedOut).ShouldBe(15);
    }

    [Fact]
    public void Check_OverriddenOptOut_AllocatesNothing()
    {
        // Arrange: an override for the opted-out subject, and one for another subject before it.
        PurposeTaxonomy taxonomy = _fresh.Taxonomy;
        _fresh.Overrides.Replace(
            [
                new Override("ovr_other", "svc", string.Empty, ["all"], [SubjectHash.Of("user:1")]),
                new Override("ovr_alice", "svc", string.Empty, ["marketing"], [SubjectHash.Of("email:alice@example.com")]),
            ],
            "svc",
            "replica",
            taxonomy);
        var time = new Dictionary<string, TimeSpan> { ["ovr_other"] = TimeSpan.FromHours(1), ["ovr_alice"] = TimeSpan.FromHours(1) };
        _fresh.Overrides.Honor(_fresh.Lease, TimeProvider.System.GetTimestamp(), time);
        int overridden = 0;

        // Act
        long allocated = Allocations.OnceWarm(
            () =>
            {
                if (_fresh.Check("email:alice@example.com", "marketing.communications.email").Reason == DecisionReason.Override)
                {
                    overridden++;
                }
            },
            Rounds);

        // Assert
        allocated.ShouldBe(0);
        overridden.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void TryHash_DefaultKindOrMixedCaseKind_AllocatesNothing()
    {
        // Arrange
        ulong seen = 0;

        // Act
        long allocated = Allocations.OnceWarm(
            () =>
            {
                SubjectHash.TryHash("8812", "user", out ulong prefixed);
                SubjectHash.TryHash(" EMAIL:Alice@Example.com ", "user", out ulong kinded);
                seen |= prefixed ^ kinded;
            },
            Rounds);

        // Assert
        allocated.ShouldBe(0);
        seen.ShouldNotBe(0UL);
    }
}
