using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Heed.Core.Purposes;
using Heed.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Client.Tests.Replication;

/// <summary>The replica answers from the registry's taxonomy (Welcome, and batches that change it), never a compiled copy.</summary>
public sealed class ReplicaTaxonomyTests : IAsyncLifetime
{
    private const string Surveys = "research.surveys";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private FakeRegistry _registry = null!;

    public async ValueTask InitializeAsync() => _registry = await FakeRegistry.StartAsync();

    public async ValueTask DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task Changes_BatchAddingAPurpose_EnforcesItOnceAcked()
    {
        // Arrange
        PurposeTaxonomy added = Messages.Taxonomy.Add(Surveys);
        added.TryGet(Surveys, out Purpose surveys).ShouldBeTrue();
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();
        session.Send(Messages.Welcome(head: 0));
        LeaseRequest first = await session.NextLeaseRequestAsync();
        session.Send(Messages.Grant(first.Seq));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);
        Decision before = replica.Enforcer.Check("user:1", Surveys);

        // Act
        RegistryMessage batch = Messages.Changes(0, 1, ("user:1", 1UL << surveys.Bit));
        batch.Changes.Taxonomy = Messages.TaxonomyOf(added);
        session.Send(batch);
        Ack ack = await session.NextAckAsync();

        // Assert: by the time the LSN is acked, the replica knows the purpose and denies it.
        before.Reason.ShouldBe(DecisionReason.UnknownPurpose);
        ack.AppliedLsn.ShouldBe(1);
        replica.Enforcer.Replica.Taxonomy.TryGet(Surveys, out _).ShouldBeTrue();
        replica.Enforcer.Check("user:1", Surveys).Reason.ShouldBe(DecisionReason.OptedOut);
        replica.Enforcer.Check("user:2", Surveys).Reason.ShouldBe(DecisionReason.Allowed);
        replica.Enforcer.Check("user:1", "research.panels").Reason.ShouldBe(DecisionReason.UnknownPurpose);
    }

    [Fact]
    public async Task Connect_WelcomeWithADeprecation_DeniesTheOldPurposeForAnOptOutOfItsSuccessor()
    {
        // Arrange
        PurposeTaxonomy taxonomy = Messages.Taxonomy.Add(Surveys).Deprecate("analytics.reporting", Surveys);
        taxonomy.TryGet(Surveys, out Purpose surveys).ShouldBeTrue();
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession session = await _registry.NextSessionAsync();

        // Act
        session.Send(Messages.Welcome(head: 1, snapshot: true, taxonomy: Messages.TaxonomyOf(taxonomy)));
        session.Send(Messages.Snapshot(1, total: 1, last: true, ("user:1", 1UL << surveys.Bit)));
        await session.NextAckAsync();
        LeaseRequest request = await session.NextLeaseRequestAsync();
        session.Send(Messages.Grant(request.Seq, requiredLsn: 1));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);

        // Assert
        replica.Enforcer.Replica.Taxonomy.TryGet("analytics.reporting", out Purpose old).ShouldBeTrue();
        old.IsDeprecated.ShouldBeTrue();
        replica.Enforcer.Check("user:1", "analytics.reporting").Reason.ShouldBe(DecisionReason.OptedOut);
        replica.Enforcer.Check("user:2", "analytics.reporting").Reason.ShouldBe(DecisionReason.Allowed);
    }
}
