using Google.Protobuf;
using Heed.Client.Enforcement;
using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Heed.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Client.Tests.Replication;

/// <summary>
/// The replica knows which history it follows (the ledger's id and the chain hash at its applied LSN),
/// says so in its Hello, and replaces its copy when the registry's history is another one.
/// </summary>
public sealed class ReplicaHistoryTests : IAsyncLifetime
{
    private const string Email = "marketing.communications.email";
    private static readonly ByteString HashAt3 = ByteString.CopyFrom(Enumerable.Repeat((byte)3, 32).ToArray());
    private static readonly ByteString HashAt4 = ByteString.CopyFrom(Enumerable.Repeat((byte)4, 32).ToArray());
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private FakeRegistry _registry = null!;

    public async ValueTask InitializeAsync() => _registry = await FakeRegistry.StartAsync();

    public async ValueTask DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task Hello_AfterChangesAndReconnect_CarriesLedgerIdAndChainHashAtAppliedLsn()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession first = await _registry.NextSessionAsync();
        first.Send(Welcome(head: 3, ledger: "ledger-a"));
        first.Send(Changes(0, 3, HashAt3, ("user:1", Messages.Mask(Email))));
        (await first.NextAckAsync()).AppliedLsn.ShouldBe(3);

        // Act
        first.End();
        FakeSession second = await _registry.NextSessionAsync();

        // Assert
        first.Hello.LedgerId.ShouldBeEmpty();
        first.Hello.ChainHash.IsEmpty.ShouldBeTrue();
        second.Hello.AppliedLsn.ShouldBe(3);
        second.Hello.LedgerId.ShouldBe("ledger-a");
        second.Hello.ChainHash.ShouldBe(HashAt3);
    }

    [Fact]
    public async Task Snapshot_OfRestoredHistoryBelowOldRequiredLsn_ReplacesTableAndIsFreshAtOnce()
    {
        // Arrange: the old history reached LSN 10 and cleared user:1; the lease required 10.
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession first = await _registry.NextSessionAsync();
        first.Send(Welcome(head: 10, ledger: "ledger-a"));
        first.Send(Changes(0, 10, HashAt3, ("user:1", 0), ("user:old", Messages.Mask(Email))));
        await first.NextAckAsync();
        first.Send(Messages.Grant((await first.NextLeaseRequestAsync()).Seq, requiredLsn: 10));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);
        first.End();

        // Act: the restored registry's head is 4, where user:1 is still opted out.
        FakeSession second = await _registry.NextSessionAsync();
        second.Send(Welcome(head: 4, ledger: "ledger-a", snapshot: true));
        second.Send(Snapshot(4, HashAt4, ("user:1", Messages.Mask(Email))));
        (await second.NextAckAsync()).AppliedLsn.ShouldBe(4);
        second.Send(Messages.Grant((await second.NextLeaseRequestAsync()).Seq, requiredLsn: 4));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);

        // Assert
        second.Hello.AppliedLsn.ShouldBe(10);
        replica.Enforcer.AppliedLsn.ShouldBe(4);
        replica.Enforcer.Check("user:1", Email).Reason.ShouldBe(DecisionReason.OptedOut);
        replica.Enforcer.Check("user:old", Email).Reason.ShouldBe(DecisionReason.Allowed);
        replica.Enforcer.Position.ShouldBe(new LedgerPosition("ledger-a", HashAt4));
    }

    [Fact]
    public async Task Welcome_OtherLedgerWithoutSnapshot_StartsOverFromEmptyCopy()
    {
        // Arrange
        await using ReplicaHost replica = await ReplicaHost.StartAsync(_registry.Url, _time);
        FakeSession first = await _registry.NextSessionAsync();
        first.Send(Welcome(head: 3, ledger: "ledger-a"));
        first.Send(Changes(0, 3, HashAt3, ("user:1", Messages.Mask(Email))));
        await first.NextAckAsync();
        first.End();

        // Act: a registry that does not compare histories offers changes from another ledger.
        FakeSession second = await _registry.NextSessionAsync();
        second.Send(Welcome(head: 5, ledger: "ledger-b"));
        FakeSession third = await _registry.NextSessionAsync();

        // Assert
        third.Hello.AppliedLsn.ShouldBe(0);
        third.Hello.LedgerId.ShouldBeEmpty();
        replica.Enforcer.Replica.Table.Get(Messages.Key("user:1")).ShouldBe(0UL);
        replica.Enforcer.Status.LastError!.Message.ShouldContain("ledger-b");
    }

    private static RegistryMessage Welcome(long head, string ledger, bool snapshot = false)
    {
        RegistryMessage message = Messages.Welcome(head, snapshot);
        message.Welcome.LedgerId = ledger;
        return message;
    }

    private static RegistryMessage Changes(long prev, long last, ByteString hash, params (string Subject, ulong Mask)[] slots)
    {
        RegistryMessage message = Messages.Changes(prev, last, slots);
        message.Changes.ChainHash = hash;
        return message;
    }

    private static RegistryMessage Snapshot(long lsn, ByteString hash, params (string Subject, ulong Mask)[] slots)
    {
        RegistryMessage message = Messages.Snapshot(lsn, slots.Length, last: true, slots);
        message.Snapshot.ChainHash = hash;
        return message;
    }
}
