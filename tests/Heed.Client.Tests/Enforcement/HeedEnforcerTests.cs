using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Client.Tests.Enforcement;

public sealed class HeedEnforcerTests
{
    private const string Email = "marketing.communications.email";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Check_NoLease_Unconfirmed()
    {
        // Arrange
        var enforcer = TestReplica.Create(_time, leased: false);

        // Act
        Decision decision = enforcer.Check("user:1", Email);

        // Assert
        decision.Reason.ShouldBe(DecisionReason.Unconfirmed);
        decision.Allowed.ShouldBeFalse();
    }

    [Fact]
    public void Check_OptedOutOfAncestor_DeniesWithMatchedNode()
    {
        // Arrange
        var enforcer = TestReplica.Create(_time);
        TestReplica.OptOut(enforcer, "email:alice@example.com", "marketing");

        // Act
        Decision decision = enforcer.Check("email: Alice@Example.com ", Email);

        // Assert
        decision.Reason.ShouldBe(DecisionReason.OptedOut);
        decision.Matched!.Name.ShouldBe("marketing");
    }

    [Fact]
    public async Task CheckAsync_TokenAlreadyApplied_CompletesSynchronously()
    {
        // Arrange
        var enforcer = TestReplica.Create(_time);
        enforcer.MarkApplied(5);

        // Act
        ValueTask<Decision> pending = enforcer.CheckAsync("user:1", Email, 5);

        // Assert
        pending.IsCompletedSuccessfully.ShouldBeTrue();
        (await pending).Reason.ShouldBe(DecisionReason.Allowed);
    }

    [Fact]
    public async Task CheckAsync_TokenAppliedWithinWait_AnswersFromAppliedState()
    {
        // Arrange
        var enforcer = TestReplica.Create(_time);
        ValueTask<Decision> pending = enforcer.CheckAsync("user:1", Email, 3);
        bool completedEarly = pending.IsCompleted;

        // Act: the opt-out at LSN 3 arrives while the check waits.
        TestReplica.OptOut(enforcer, "user:1", Email);
        enforcer.MarkApplied(3);
        Decision decision = await pending.AsTask().WaitAsync(Waits.Default);

        // Assert
        completedEarly.ShouldBeFalse();
        decision.Reason.ShouldBe(DecisionReason.OptedOut);
        decision.Lsn.ShouldBe(3);
    }

    [Fact]
    public async Task CheckAsync_TokenNotAppliedInTime_Unconfirmed()
    {
        // Arrange
        var enforcer = TestReplica.Create(_time, tokenWait: TimeSpan.FromMilliseconds(50));
        ValueTask<Decision> pending = enforcer.CheckAsync("user:1", Email, 3);
        enforcer.MarkApplied(2);

        // Act
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Decision decision = await pending.AsTask().WaitAsync(Waits.Default);

        // Assert
        decision.Reason.ShouldBe(DecisionReason.Unconfirmed);
        decision.Lsn.ShouldBe(2);
    }

    [Fact]
    public async Task CheckAsync_Cancelled_Throws()
    {
        // Arrange
        var enforcer = TestReplica.Create(_time);
        using var cts = new CancellationTokenSource();
        ValueTask<Decision> pending = enforcer.CheckAsync("user:1", Email, 3, cts.Token);

        // Act
        await cts.CancelAsync();

        // Assert
        await Should.ThrowAsync<OperationCanceledException>(pending.AsTask());
    }

    [Fact]
    public void Reset_AfterHistoryChange_EmptiesCopyAndDropsRequiredLsn()
    {
        // Arrange
        var enforcer = TestReplica.Create(_time);
        enforcer.Lease.Grant(_time.GetTimestamp(), TimeSpan.FromSeconds(1), 40);
        enforcer.MarkApplied(50);

        // Act
        enforcer.Reset();

        // Assert
        enforcer.AppliedLsn.ShouldBe(0);
        enforcer.Lease.RequiredLsn.ShouldBe(0);
        enforcer.IsFresh.ShouldBeFalse();
    }

    [Fact]
    public async Task WaitUntilStaleAsync_CompletesWhenTheLeaseRunsOut_NotBefore()
    {
        // Arrange: a lease of 1 s with the 10% margin holds for 900 ms of the fake clock.
        var enforcer = TestReplica.Create(_time, leased: false);
        enforcer.Lease.Grant(_time.GetTimestamp(), TimeSpan.FromSeconds(1), 0);
        enforcer.IsFresh.ShouldBeTrue();

        // Act
        Task stale = enforcer.WaitUntilStaleAsync().AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(899));

        // Assert
        stale.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromMilliseconds(2));
        await stale.WaitAsync(TimeSpan.FromSeconds(10));
        enforcer.IsFresh.ShouldBeFalse();
    }

    [Fact]
    public async Task WaitUntilStaleAsync_CompletesWhenTheLeaseIsRevoked()
    {
        // Arrange
        var enforcer = TestReplica.Create(_time);
        Task stale = enforcer.WaitUntilStaleAsync().AsTask();
        stale.IsCompleted.ShouldBeFalse();

        // Act: a broken stream revokes the lease and signals.
        enforcer.Lease.Revoke();
        enforcer.Signal();

        // Assert
        await stale.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitUntilStaleAsync_WithoutLease_CompletesAtOnce()
    {
        var enforcer = TestReplica.Create(_time, leased: false);
        ValueTask stale = enforcer.WaitUntilStaleAsync();
        stale.IsCompleted.ShouldBeTrue();
        await stale;
    }
}
