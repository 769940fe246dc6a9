using Grpc.Core;
using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Client.Tests.Replication;

/// <summary>Refusals: the replica reports them, fails closed, and does not hammer the registry.</summary>
public sealed class ReplicaRefusalTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private FakeRegistry _registry = null!;

    public async ValueTask InitializeAsync() => _registry = await FakeRegistry.StartAsync();

    public async ValueTask DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task Connect_ProtocolRefused_SurfacesBothVersionsAndWaitsRefusedDelay()
    {
        // Arrange
        _registry.Refusal = new Status(StatusCode.FailedPrecondition, "replica protocol version 1 is below the registry's minimum 2");
        TimeSpan refusedDelay = TimeSpan.FromMinutes(10);

        // Act
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time, o => o.RefusedRetryDelay = refusedDelay);
        await _registry.NextHelloAsync();
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Status.IsRefused);
        HeedStatus status = replica.Enforcer.Status;
        _time.Advance(refusedDelay);
        await _registry.NextHelloAsync();

        // Assert
        status.LastError.ShouldBeOfType<HeedRefusedException>().IsTransient.ShouldBeFalse();
        status.LastError!.Message.ShouldContain("version 1");
        status.LastError.Message.ShouldContain("minimum 2");
        (status.NextAttemptAt - status.LastErrorAt).ShouldBe(refusedDelay);
        status.IsFresh.ShouldBeFalse();
        replica.Public.Check("user:1", "analytics").Reason.ShouldBe(DecisionReason.Unconfirmed);
    }

    [Fact]
    public async Task Connect_TaxonomyBitsDiffer_RefusesRegistry()
    {
        // Arrange: the registry's bit 1 is a purpose this replica puts elsewhere.
        List<string> names = Messages.BitNames(Messages.Taxonomy).ToList();
        (names[1], names[2]) = (names[2], names[1]);
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();

        // Act
        session.Send(Messages.Welcome(head: 0, purposes: names));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Status.IsRefused);

        // Assert
        HeedStatus status = replica.Enforcer.Status;
        status.LastError!.Message.ShouldContain("taxonomy does not match");
        status.LastError.Message.ShouldContain("bit 1");
        status.IsConnected.ShouldBeFalse();
    }
}
