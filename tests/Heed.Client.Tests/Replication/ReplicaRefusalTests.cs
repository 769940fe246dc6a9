using Grpc.Core;
using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Heed.Protocol.V1;
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
    public async Task Connect_WelcomeWithoutTaxonomy_RefusesRegistry()
    {
        // Arrange: a registry that sends no taxonomy leaves the replica nothing to answer from.
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();

        // Act
        session.Send(Messages.Welcome(head: 0, taxonomy: new Taxonomy()));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Status.IsRefused);

        // Assert
        replica.Enforcer.Status.LastError!.Message.ShouldContain("no purpose taxonomy");
        replica.Enforcer.Status.IsConnected.ShouldBeFalse();
    }

    [Fact]
    public async Task Connect_TaxonomyWithAChildBeforeItsParent_RefusesRegistry()
    {
        // Arrange
        Taxonomy taxonomy = Messages.TaxonomyOf(Messages.Taxonomy);
        taxonomy.Purposes.Add(new PurposeNode { Name = "research.surveys", Bit = 40 });
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();

        // Act
        session.Send(Messages.Welcome(head: 0, taxonomy: taxonomy));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Status.IsRefused);

        // Assert
        replica.Enforcer.Status.LastError!.Message.ShouldContain("taxonomy is invalid");
    }
}
