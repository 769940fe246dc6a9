using Heed.Core.Decisions;
using Heed.Core.Leases;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Subjects;

namespace Heed.Core.Tests.Replicas;

public sealed class ReplicaStateAllocationTests
{
    private const int Rounds = 20_000;

    [Fact]
    public void Check_AfterWarmUp_AllocatesNothing()
    {
        // Arrange: every outcome, on the system clock as in production.
        PurposeTaxonomy taxonomy = DefaultTaxonomy.Create();
        var lease = new LeaseClock(TimeProvider.System);
        lease.Grant(TimeProvider.System.GetTimestamp(), TimeSpan.FromHours(1), requiredLsn: 0);
        var fresh = new ReplicaState(taxonomy, lease);
        var stale = new ReplicaState(taxonomy, new LeaseClock(TimeProvider.System));
        var masks = new SubjectMasks(fresh.Table);
        taxonomy.TryGet("marketing", out Purpose marketing).ShouldBeTrue();
        masks.Set("email:alice@example.com", SubjectHash.Of("email:alice@example.com"), marketing);
        (string Subject, string Purpose)[] checks =
        [
            ("email:Alice@Example.com", "marketing.communications.email"),
            ("email:alice@example.com", "analytics.reporting"),
            ("user:123456", "marketing"),
            ("phone:+1 (555) 123-4567", "essential.security"),
            ("hashed_email:" + new string('A', 64), "all"),
            ("not a subject", "marketing"),
            ("user:1", "no.such.purpose"),
        ];
        var counts = new int[8];
        RunChecks(fresh, stale, checks, counts);

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rounds; i++)
        {
            RunChecks(fresh, stale, checks, counts);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        allocated.ShouldBe(0);
        counts[(int)DecisionReason.OptedOut].ShouldBe(Rounds + 1);
        counts[(int)DecisionReason.Essential].ShouldBe(Rounds + 1);
        counts[(int)DecisionReason.Unconfirmed].ShouldBe((Rounds + 1) * 5);
        counts[(int)DecisionReason.InvalidSubject].ShouldBe((Rounds + 1) * 2);
    }

    private static void RunChecks(ReplicaState fresh, ReplicaState stale, (string Subject, string Purpose)[] checks, int[] counts)
    {
        foreach ((string subject, string purpose) in checks)
        {
            counts[(int)fresh.Check(subject, purpose).Reason]++;
            counts[(int)stale.Check(subject, purpose).Reason]++;
        }
    }
}
