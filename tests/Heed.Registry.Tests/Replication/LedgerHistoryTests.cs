using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Heed.Protocol.V1;
using Heed.Registry.State;
using Heed.Registry.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Tests.Replication;

/// <summary>
/// The registry compares the history a replica follows (ledger id, chain hash at its applied LSN) at
/// Hello, and sends a snapshot to a replica that follows another one.
/// </summary>
public sealed class LedgerHistoryTests
{
    private const string Purpose = "marketing.communications.email";

    [Theory]
    [InlineData("restored")]
    [InlineData("replaced")]
    [InlineData("ahead")]
    [InlineData("unnamed")]
    public async Task Sync_HelloFromOtherHistory_SnapshotAtHeadWithLedgerIdAndChainHash(string history)
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient writer = await server.ClientAsync("writer");
        string key = await server.KeyAsync("enforcer");
        for (int i = 0; i < 3; i++)
        {
            await PutAsync(writer, $"user:history-{i}");
        }

        RegistryState state = State(server);
        long head = state.Head;
        ByteString hash = ByteString.CopyFrom(state.ChainHash);
        Hello hello = history switch
        {
            "restored" => RawReplica.Hello(head, ledgerId: state.LedgerId, chainHash: ByteString.CopyFrom(new byte[32])),
            "replaced" => RawReplica.Hello(head, ledgerId: "0123456789abcdef0123456789abcdef", chainHash: hash),
            "ahead" => RawReplica.Hello(head + 5, ledgerId: state.LedgerId, chainHash: hash),
            _ => RawReplica.Hello(head),
        };
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, key);

        // Act
        await replica.SendAsync(hello);
        Welcome welcome = (await replica.NextAsync()).Welcome;
        SnapshotChunk chunk;
        do
        {
            chunk = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Snapshot)).Snapshot;
        }
        while (!chunk.Last);

        // Assert
        welcome.SnapshotFollows.ShouldBeTrue();
        welcome.LedgerId.ShouldBe(state.LedgerId);
        welcome.LedgerId.Length.ShouldBe(32);
        chunk.Lsn.ShouldBe(head);
        chunk.ChainHash.ShouldBe(hash);
    }

    [Fact]
    public async Task Sync_HelloFollowingThisHistory_NoSnapshot()
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        await PutAsync(await server.ClientAsync("writer"), "user:history-same");
        string key = await server.KeyAsync("enforcer");
        RegistryState state = State(server);
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, key);

        // Act
        await replica.SendAsync(RawReplica.Hello(state.Head, ledgerId: state.LedgerId, chainHash: ByteString.CopyFrom(state.ChainHash)));
        Welcome welcome = (await replica.NextAsync()).Welcome;

        // Assert
        welcome.SnapshotFollows.ShouldBeFalse();
        welcome.HeadLsn.ShouldBe(state.Head);
    }

    [Fact]
    public async Task Restart_SameDataDirectory_KeepsLedgerId()
    {
        // Arrange
        RegistryServer before = await RegistryServer.StartAsync();
        before.DeleteDataOnDispose = false;
        string id = State(before).LedgerId;
        await before.DisposeAsync();

        // Act
        await using RegistryServer after = await RegistryServer.StartAsync(before.DataDirectory, before.AdminKey);
        await using RegistryServer other = await RegistryServer.StartAsync();

        // Assert
        State(after).LedgerId.ShouldBe(id);
        State(other).LedgerId.ShouldNotBe(id);
    }

    [Fact]
    public async Task Put_SnapshotReplicaClaimsLsnOfItsOldHistory_AnsweredOnlyAfterItsLeaseRunsOut()
    {
        // A replica that follows another history and is still loading its snapshot asks for leases with
        // its old applied LSN, here far ahead of the head. That LSN says nothing about this history: a
        // write must wait for the replica's ack or its lease, never count as applied by that claim.
        TimeSpan lease = TimeSpan.FromMilliseconds(300);
        await using RegistryServer server = await RegistryServer.StartAsync(configure: o => o.Lease = lease);
        HttpClient writer = await server.ClientAsync("writer");
        string key = await server.KeyAsync("enforcer");
        RegistryState state = State(server);
        long claimed = state.Head + 1_000;
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, key);
        await replica.SendAsync(RawReplica.Hello(claimed, ledgerId: "0123456789abcdef0123456789abcdef"));
        (await replica.NextAsync()).Welcome.SnapshotFollows.ShouldBeTrue();
        ulong seq = 0;
        await replica.RequestLeaseAsync(++seq, claimed);
        await replica.NextAsync(RegistryMessage.BodyOneofCase.LeaseGrant);

        // Renew with the old claim until the write's change arrives, and once more after it.
        long before = state.Head;
        Task<JsonElement> put = PutAsync(writer, "user:history-claimed");
        await replica.RenewUntilGrantAfterChangeAsync(seq, claimed, before);

        JsonElement body = await put;

        body.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        TimeSpan waited = body.GetProperty("enforcedAt").GetDateTimeOffset() - body.GetProperty("receivedAt").GetDateTimeOffset();
        waited.ShouldBeGreaterThanOrEqualTo(lease - TimeSpan.FromMilliseconds(10));
    }

    private static RegistryState State(RegistryServer server) => server.Handle.App.Services.GetRequiredService<RegistryState>();

    private static async Task<JsonElement> PutAsync(HttpClient writer, string subject)
    {
        HttpResponseMessage response = await writer.PutAsync($"/v1/subjects/{subject}/optouts/{Purpose}", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
