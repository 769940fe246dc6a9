namespace Heed.System.Tests.Replication;

/// <summary>The checker itself must be able to fail: histories with known violations are caught.</summary>
public sealed class HistoryCheckerTests
{
    [Fact]
    public void FindViolations_AllowedAfterAcknowledgedOptOut_Reported()
    {
        WriteRecord[] writes = [new("user:1", OptOut: true, StartedAt: 10, AnsweredAt: 20, Lsn: 5, Enforced: true)];
        CheckRecord[] checks = [new("sidecar-a", "user:1", StartedAt: 30, EndedAt: 40, Reason: "allowed")];

        HistoryChecker.FindViolations(writes, checks).Count.ShouldBe(1);
    }

    [Fact]
    public void FindViolations_AllowedDuringOptOut_NotReported()
    {
        WriteRecord[] writes = [new("user:1", true, 10, 20, 5, true)];
        CheckRecord[] checks = [new("sidecar-a", "user:1", 15, 25, "allowed")];

        HistoryChecker.FindViolations(writes, checks).ShouldBeEmpty();
    }

    [Fact]
    public void FindViolations_AllowedAfterLaterClearWasSent_NotReported()
    {
        WriteRecord[] writes = [new("user:1", true, 10, 20, 5, true), new("user:1", false, 25, 60, 6, true)];
        CheckRecord[] checks = [new("sdk-1", "user:1", 30, 40, "allowed")];

        HistoryChecker.FindViolations(writes, checks).ShouldBeEmpty();
    }

    [Fact]
    public void FindViolations_OptedOutAfterAcknowledgedClear_Reported()
    {
        WriteRecord[] writes = [new("user:1", true, 10, 20, 5, true), new("user:1", false, 25, 30, 6, true)];
        CheckRecord[] checks = [new("sdk-1", "user:1", 35, 40, "opted_out")];

        HistoryChecker.FindViolations(writes, checks).Count.ShouldBe(1);
    }

    [Fact]
    public void FindViolations_UnconfirmedAnswer_NeverAViolation()
    {
        WriteRecord[] writes = [new("user:1", true, 10, 20, 5, true)];
        CheckRecord[] checks = [new("sdk-1", "user:1", 30, 40, "unconfirmed")];

        HistoryChecker.FindViolations(writes, checks).ShouldBeEmpty();
    }

    [Fact]
    public void FindViolations_ClearWithUnknownOutcomeSentBeforeCheckEnded_Excuses()
    {
        WriteRecord[] writes = [new("user:1", true, 10, 20, 5, true), new("user:1", false, 32, null, 0, false)];
        CheckRecord[] checks = [new("sdk-1", "user:1", 30, 40, "allowed")];

        HistoryChecker.FindViolations(writes, checks).ShouldBeEmpty();
    }

    [Fact]
    public void FindViolations_UnknownClearToDeadRegistry_DoesNotExcuseAfterLaterAcknowledgedOptOut()
    {
        // The clear went to registry process 1, which died; process 2 then acknowledged an opt-out.
        // Whatever happened to the clear, it is before LSN 9 in the ledger: allowed is a leak.
        WriteRecord[] writes =
        [
            new("user:1", OptOut: false, StartedAt: 10, AnsweredAt: null, Lsn: 0, Enforced: false, Incarnation: 1),
            new("user:1", OptOut: true, StartedAt: 50, AnsweredAt: 60, Lsn: 9, Enforced: true, Incarnation: 2),
        ];
        CheckRecord[] checks = [new("sidecar-a", "user:1", StartedAt: 70, EndedAt: 80, Reason: "allowed")];

        HistoryChecker.FindViolations(writes, checks).Count.ShouldBe(1);
    }

    [Fact]
    public void FindViolations_UnknownClearToSameRegistry_Excuses()
    {
        // Same process: the clear may have committed after LSN 9, so allowed is not proven wrong.
        WriteRecord[] writes =
        [
            new("user:1", OptOut: true, StartedAt: 50, AnsweredAt: 60, Lsn: 9, Enforced: true, Incarnation: 2),
            new("user:1", OptOut: false, StartedAt: 55, AnsweredAt: null, Lsn: 0, Enforced: false, Incarnation: 2),
        ];
        CheckRecord[] checks = [new("sidecar-a", "user:1", StartedAt: 70, EndedAt: 80, Reason: "allowed")];

        HistoryChecker.FindViolations(writes, checks).ShouldBeEmpty();
    }

    [Fact]
    public void FindViolations_AnsweredButUnenforcedEarlierClear_DoesNotExcuse()
    {
        // A clear with a known, smaller LSN is before the opt-out in the ledger, however late it was sent.
        WriteRecord[] writes =
        [
            new("user:1", OptOut: true, StartedAt: 10, AnsweredAt: 20, Lsn: 5, Enforced: true),
            new("user:1", OptOut: false, StartedAt: 5, AnsweredAt: 90, Lsn: 4, Enforced: false),
        ];
        CheckRecord[] checks = [new("sdk-1", "user:1", StartedAt: 30, EndedAt: 40, Reason: "allowed")];

        HistoryChecker.FindViolations(writes, checks).Count.ShouldBe(1);
    }
}
