using Heed.Client.Enforcement;
using Heed.Client.Replication;
using Heed.Core.Decisions;
using Heed.Core.Purposes;
using Heed.Core.Subjects;
using Heed.Protocol;
using Heed.Protocol.V1;
using Heed.Registry.Replication;
using Heed.Registry.State;
using Heed.Storage.Ledger;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Client.Tests.Replication;

/// <summary>
/// Opt-outs of purposes beyond word 0, from the registry's state through its change log's real messages
/// into the replica's applier: denied at the replica once the batch is applied (what acknowledgement waits for).
/// </summary>
public sealed class WideMaskReplicationTests : IChangeSink
{
    private static readonly PurposeTaxonomy Wide =
        PurposeTaxonomy.Create([.. DefaultTaxonomy.Leaves, .. Enumerable.Range(0, 1_100).Select(i => "big.p" + i)]);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<ChangeBatch> _batches = [];
    private readonly RegistryState _registry = new(Wide);
    private readonly HeedEnforcer _enforcer;
    private readonly LeaseRequestLog _requests = new();
    private readonly ReplicaApplier _applier;
    private long _lsn;

    public WideMaskReplicationTests()
    {
        _ = new ChangeLog(_registry, time: _time).Subscribe(0, sameHistory: true, this);
        _enforcer = new HeedEnforcer(_time, 0.1, TimeSpan.FromSeconds(1), Wide);
        _applier = new ReplicaApplier(_enforcer, _requests, new SessionSettings("key", "replica-1", ReplicaKinds.Sdk, "tests", "1", ProtocolVersions.Current), NullLogger.Instance);
    }

    void IChangeSink.Post(ChangeBatch batch) => _batches.Add(batch);

    [Fact]
    public async Task Changes_OptOutOfTheLastPurpose_DeniedAtTheReplicaOnceApplied()
    {
        // Arrange
        await WriteAsync((EntryKinds.OptOutSet, "user:1", "big.p1099"), (EntryKinds.OptOutSet, "user:2", "marketing"));

        // Act
        ApplyChangesAndGrant();

        // Assert: one wide mask went over the wire, only for the wide subject.
        _batches[0].WideMasks.Single().Key.ShouldBe(SubjectHash.Of("user:1"));
        _batches[1].WideMasks.ShouldBeEmpty();
        Check("user:1", "big.p1099").ShouldBe(DecisionReason.OptedOut);
        Check("user:1", "big").ShouldBe(DecisionReason.OptedOut);
        Check("user:1", "big.p1098").ShouldBe(DecisionReason.Allowed);
        Check("user:2", "marketing.communications.sms").ShouldBe(DecisionReason.OptedOut);
        Check("user:2", "big.p1099").ShouldBe(DecisionReason.Allowed);
        _enforcer.Replica.Table.WideCount.ShouldBe(1);
    }

    [Fact]
    public async Task Changes_ClearOfTheWideOptOut_AllowsAgainAndDropsTheWords()
    {
        // Arrange
        await WriteAsync((EntryKinds.OptOutSet, "user:1", "big.p1099"), (EntryKinds.OptOutClear, "user:1", "big"));

        // Act
        ApplyChangesAndGrant();

        // Assert
        _batches[1].WideMasks.ShouldBeEmpty();
        Check("user:1", "big.p1099").ShouldBe(DecisionReason.Allowed);
        _enforcer.Replica.Table.WideCount.ShouldBe(0);
    }

    [Fact]
    public async Task Snapshot_WideSlots_LoadWithTheirWords()
    {
        // Arrange: the registry's slots as its snapshot scan ships them.
        await WriteAsync((EntryKinds.OptOutSet, "user:1", "big.p1099"), (EntryKinds.OptOutSet, "user:2", "analytics"));
        var chunk = new SnapshotChunk { Lsn = _lsn, Total = 2, Last = true };
        ulong[] keys = new ulong[16];
        ulong[] masks = new ulong[16];
        int n = _registry.Replica.Table.Scan().Read(keys, masks);
        SlotMasks.AppendScanned(chunk, keys.AsSpan(0, n), masks.AsSpan(0, n), _registry.Replica.Table);

        // Act
        var welcome = new Welcome { HeadLsn = _lsn, SnapshotFollows = true, LeaseMs = 1000, HeartbeatMs = 1000 };
        welcome.Taxonomy = Infrastructure.Messages.TaxonomyOf(Wide);
        _applier.OnWelcome(welcome);
        _applier.OnSnapshot(chunk);
        Grant();

        // Assert
        chunk.WideMasks.Single().Key.ShouldBe(SubjectHash.Of("user:1"));
        Check("user:1", "big.p1099").ShouldBe(DecisionReason.OptedOut);
        Check("user:2", "analytics.reporting").ShouldBe(DecisionReason.OptedOut);
        Check("user:2", "big.p1099").ShouldBe(DecisionReason.Allowed);
    }

    [Fact]
    public void Changes_Bit63WithoutItsWords_IsAProtocolError()
    {
        // Arrange
        var batch = new ChangeBatch { PrevLsn = 0, LastLsn = 1 };
        batch.Keys.Add(SubjectHash.Of("user:1"));
        batch.Masks.Add(PurposeBits.WideFlag);

        // Act
        var error = Should.Throw<HeedConnectionException>(() => _applier.OnChanges(batch));

        // Assert
        error.Message.ShouldContain("no wide mask follows");
        _enforcer.AppliedLsn.ShouldBe(0);
    }

    /// <summary>Each entry as its own commit, so each makes one batch.</summary>
    private async Task WriteAsync(params (string Kind, string Subject, string Purpose)[] entries)
    {
        foreach ((string kind, string subject, string purpose) in entries)
        {
            await _registry.Apply([new LedgerEntry(++_lsn, kind, subject, purpose, _time.GetUtcNow(), "{}", [], [])]);
        }
    }

    private void ApplyChangesAndGrant()
    {
        _batches.ForEach(b => _applier.OnChanges(b));
        Grant();
    }

    private void Grant() =>
        _applier.OnGrant(new LeaseGrant { Seq = _requests.Record(_time.GetTimestamp()), LeaseMs = 10_000, RequiredLsn = _lsn });

    private DecisionReason Check(string subject, string purpose) => _enforcer.Check(subject, purpose).Reason;
}
