using Heed.Core.Leases;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Core.Tests.Leases;

public sealed class LeaseClockTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider _time = new();
    private readonly LeaseClock _clock;

    public LeaseClockTests() => _clock = new LeaseClock(_time, driftMargin: 0.1);

    [Fact]
    public void IsValid_NoGrant_False()
    {
        // Act / Assert
        _clock.IsValid(0).ShouldBeFalse();
        _clock.IsValid(long.MaxValue).ShouldBeFalse();
    }

    [Fact]
    public void IsValid_BeforeBoundary_TrueAndAtBoundary_False()
    {
        // Arrange: valid until q + L·(1 − margin) = q + 900 ms.
        long q = _time.GetTimestamp();

        // Act
        _clock.Grant(q, Lease, requiredLsn: 0);

        // Assert
        _clock.ValidUntil.ShouldBe(q + Ticks(TimeSpan.FromMilliseconds(900)));
        _clock.IsValid(0).ShouldBeTrue();
        _time.Advance(TimeSpan.FromMilliseconds(900) - OneTick);
        _clock.IsValid(0).ShouldBeTrue();
        _time.Advance(OneTick);
        _clock.IsValid(0).ShouldBeFalse();
    }

    [Theory]
    [InlineData(0.0, 2_000, 2_000)]
    [InlineData(0.25, 2_000, 1_500)]
    [InlineData(0.5, 100, 50)]
    public void Grant_DriftMargin_ShortensTheLease(double margin, int leaseMs, int validMs)
    {
        // Arrange
        var clock = new LeaseClock(_time, margin);
        long q = _time.GetTimestamp();

        // Act
        clock.Grant(q, TimeSpan.FromMilliseconds(leaseMs), requiredLsn: 0);

        // Assert
        _time.Advance(TimeSpan.FromMilliseconds(validMs) - OneTick);
        clock.IsValid(0).ShouldBeTrue();
        _time.Advance(OneTick);
        clock.IsValid(0).ShouldBeFalse();
        clock.DriftMargin.ShouldBe(margin);
    }

    [Fact]
    public void Grant_ReceivedLate_CountsFromWhenTheRequestWasSent()
    {
        // Arrange: the request leaves at q; the grant arrives 600 ms later.
        long q = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromMilliseconds(600));

        // Act
        _clock.Grant(q, Lease, requiredLsn: 0);

        // Assert: 300 ms left, not 900.
        _clock.IsValid(0).ShouldBeTrue();
        _time.Advance(TimeSpan.FromMilliseconds(300));
        _clock.IsValid(0).ShouldBeFalse();
    }

    [Fact]
    public void Grant_ForRequestSentBeforeRegistryRestart_ExpiresFromTheOldRequest()
    {
        // Arrange: a request is sent, the registry restarts, and the grant for that old request
        // arrives after q + L·(1 − margin) has already passed.
        long q = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(2));

        // Act
        _clock.Grant(q, Lease, requiredLsn: 0);

        // Assert: it grants nothing.
        _clock.IsValid(0).ShouldBeFalse();
        _clock.ValidUntil.ShouldBeLessThan(_time.GetTimestamp());
    }

    [Fact]
    public void IsValid_RequiredLsnNotApplied_False()
    {
        // Act
        _clock.Grant(_time.GetTimestamp(), Lease, requiredLsn: 5);

        // Assert
        _clock.RequiredLsn.ShouldBe(5);
        _clock.IsValid(4).ShouldBeFalse();
        _clock.IsValid(5).ShouldBeTrue();
        _clock.IsValid(6).ShouldBeTrue();
    }

    [Fact]
    public void Grant_LowerRequiredLsn_RequiredLsnNeverFalls()
    {
        // Arrange
        _clock.Grant(_time.GetTimestamp(), Lease, requiredLsn: 10);

        // Act
        _clock.Grant(_time.GetTimestamp(), Lease, requiredLsn: 5);

        // Assert
        _clock.RequiredLsn.ShouldBe(10);
        _clock.IsValid(9).ShouldBeFalse();
    }

    [Fact]
    public void Grant_OlderRequestOrShorterLease_NeverShortens()
    {
        // Arrange
        long q0 = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        long q1 = _time.GetTimestamp();
        _clock.Grant(q1, Lease, requiredLsn: 0);
        long until = _clock.ValidUntil;

        // Act: a late grant for the earlier request, then a grant with a shorter lease.
        _clock.Grant(q0, Lease, requiredLsn: 0);
        _clock.Grant(q1, TimeSpan.FromMilliseconds(100), requiredLsn: 0);

        // Assert
        _clock.ValidUntil.ShouldBe(until);
    }

    [Fact]
    public void Grant_LaterRequest_Extends()
    {
        // Arrange
        _clock.Grant(_time.GetTimestamp(), Lease, requiredLsn: 0);
        _time.Advance(TimeSpan.FromMilliseconds(500));

        // Act
        _clock.Grant(_time.GetTimestamp(), Lease, requiredLsn: 0);

        // Assert
        _time.Advance(TimeSpan.FromMilliseconds(899));
        _clock.IsValid(0).ShouldBeTrue();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _clock.IsValid(0).ShouldBeFalse();
    }

    [Fact]
    public void Revoke_ValidLease_EndsItNow()
    {
        // Arrange
        _clock.Grant(_time.GetTimestamp(), Lease, requiredLsn: 0);

        // Act
        _clock.Revoke();

        // Assert
        _clock.IsValid(0).ShouldBeFalse();
        _clock.Grant(_time.GetTimestamp(), Lease, requiredLsn: 0);
        _clock.IsValid(0).ShouldBeTrue();
    }

    [Fact]
    public void SourceOfTruth_Always_Valid()
    {
        // Act / Assert
        LeaseClock.SourceOfTruth.IsValid(0).ShouldBeTrue();
        LeaseClock.SourceOfTruth.IsValid(long.MinValue).ShouldBeTrue();
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    public void Constructor_MarginOutOfRange_Throws(double margin) =>
        Should.Throw<ArgumentOutOfRangeException>(() => new LeaseClock(_time, margin));

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
