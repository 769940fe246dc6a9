using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Heed.Core.Subjects;
using Heed.Protocol;
using Heed.Protocol.V1;
using Heed.Registry.Replication;
using Heed.Registry.State;
using Heed.Registry.Tests.Infrastructure;
using Heed.Testing.Polling;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Tests.Replication;

/// <summary><c>heed.v1.Replication/Sync</c> against a real registry, with a replica driven by hand.</summary>
public sealed class ReplicationServiceTests
{
    private const string Purpose = "marketing.communications.email";

    [Fact]
    public async Task Sync_NoKey_Unauthenticated()
    {
        await using RegistryServer server = await RegistryServer.StartAsync();
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, key: null);

        RpcException error = await RefusedAsync(replica, RawReplica.Hello(0));

        error.StatusCode.ShouldBe(StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task Sync_WriterKey_PermissionDenied()
    {
        await using RegistryServer server = await RegistryServer.StartAsync();
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, await server.KeyAsync("writer"));

        RpcException error = await RefusedAsync(replica, RawReplica.Hello(0));

        error.StatusCode.ShouldBe(StatusCode.PermissionDenied);
    }

    [Fact]
    public async Task Sync_FirstMessageNotHello_InvalidArgument()
    {
        await using RegistryServer server = await RegistryServer.StartAsync();
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, await server.KeyAsync("enforcer"));

        RpcException error = await RefusedAsync(replica, new ReplicaMessage { LeaseRequest = new LeaseRequest { Seq = 1 } });

        error.StatusCode.ShouldBe(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task Sync_HelloBelowMinimumVersion_FailedPreconditionNamingBothVersions()
    {
        // Every replica in this repository speaks the current version, so the old one is spoken by hand.
        await using RegistryServer server = await RegistryServer.StartAsync();
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, await server.KeyAsync("enforcer"));

        RpcException error = await RefusedAsync(replica, RawReplica.Hello(0, version: 1));

        error.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        error.Status.Detail.ShouldContain("version 1");
        error.Status.Detail.ShouldContain("minimum 2");
    }

    [Fact]
    public async Task Sync_NewReplica_SnapshotEqualsRegistryTableThenLiveChangesFollowIt()
    {
        // After a restart the tail is empty, so a new replica can only catch up by snapshot. (On a
        // registry whose tail still reaches LSN 0, it is served the whole history as a backlog.)
        RegistryServer before = await RegistryServer.StartAsync();
        before.DeleteDataOnDispose = false;
        HttpClient writer = await before.ClientAsync("writer");
        string writerKey = await before.KeyAsync("writer");
        string key = await before.KeyAsync("enforcer");
        for (int b = 0; b < 10; b++)
        {
            await WriteBatchAsync(writer, Enumerable.Range(b * 10_000, 10_000).Select(i => $"user:snap-{i}"), "set");
        }

        await before.DisposeAsync();
        await using RegistryServer server = await RegistryServer.StartAsync(before.DataDirectory, before.AdminKey);
        writer = server.WithKey(writerKey);
        HashSet<(ulong Key, ulong Mask)> expected = TableSlots.Of(State(server).Replica.Table);
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, key);

        await replica.SendAsync(RawReplica.Hello(0));
        Welcome welcome = (await replica.NextAsync()).Welcome;
        var received = new HashSet<(ulong Key, ulong Mask)>();
        var chunkLsns = new HashSet<long>();
        SnapshotChunk chunk;
        do
        {
            chunk = (await replica.NextAsync()).Snapshot;
            chunkLsns.Add(chunk.Lsn);
            received.UnionWith(chunk.Keys.Zip(chunk.Masks));
        }
        while (!chunk.Last);
        JsonElement put = await PutAsync(writer, "user:snap-live");
        ChangeBatch live = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;

        welcome.SnapshotFollows.ShouldBeTrue();
        chunkLsns.ShouldBe(new[] { welcome.HeadLsn });
        received.Count.ShouldBe(100_000);
        received.SetEquals(expected).ShouldBeTrue();
        live.PrevLsn.ShouldBe(welcome.HeadLsn);
        live.LastLsn.ShouldBe(put.GetProperty("lsn").GetInt64());
        live.Keys.ShouldContain(SubjectHash.Of("user:snap-live"));
    }

    [Fact]
    public async Task Sync_ResumeFromSeenBatchBoundary_BacklogOnlyContiguousToHead()
    {
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient writer = await server.ClientAsync("writer");
        string key = await server.KeyAsync("enforcer");
        long boundary;
        ChangeBatch seen;
        Welcome firstWelcome;
        await using (var first = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, key))
        {
            // The welcome is sent only once the registry has subscribed this stream to changes: a write
            // before it could land in the snapshot instead, and no change batch would ever come.
            await first.SendAsync(RawReplica.Hello(0));
            firstWelcome = (await first.NextAsync(RegistryMessage.BodyOneofCase.Welcome)).Welcome;
            long written = (await PutAsync(writer, "user:resume-0")).GetProperty("lsn").GetInt64();
            do
            {
                seen = (await first.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;
                boundary = seen.LastLsn;
            }
            while (boundary < written);
        }

        string[] later = [.. Enumerable.Range(1, 5).Select(i => $"user:resume-{i}")];
        foreach (string subject in later)
        {
            await PutAsync(writer, subject);
        }

        await WriteBatchAsync(writer, Enumerable.Range(0, 1_000).Select(i => $"user:resume-batch-{i}"), "set");
        long head = State(server).Head;
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, key);

        await replica.SendAsync(RawReplica.Hello(boundary, ledgerId: firstWelcome.LedgerId, chainHash: seen.ChainHash));
        Welcome welcome = (await replica.NextAsync()).Welcome;
        var batches = new List<RegistryMessage>();
        while (batches.Count == 0 || batches[^1].Changes.LastLsn < head)
        {
            RegistryMessage message = await replica.NextAsync();
            message.BodyCase.ShouldBe(RegistryMessage.BodyOneofCase.Changes);
            batches.Add(message);
        }

        welcome.SnapshotFollows.ShouldBeFalse();
        welcome.HeadLsn.ShouldBe(head);
        batches[0].Changes.PrevLsn.ShouldBe(boundary);
        batches.Zip(batches.Skip(1)).ShouldAllBe(p => p.Second.Changes.PrevLsn == p.First.Changes.LastLsn);
        batches[^1].Changes.LastLsn.ShouldBe(head);
        batches[^1].Changes.ChainHash.ShouldBe(ByteString.CopyFrom(State(server).ChainHash));
        HashSet<ulong> keys = [.. batches.SelectMany(m => m.Changes.Keys)];
        later.Append("user:resume-batch-999").ShouldAllBe(s => keys.Contains(SubjectHash.Of(s)));
        keys.ShouldNotContain(SubjectHash.Of("user:resume-0"));
    }

    [Fact]
    public async Task Sync_LeaseRequest_GrantEchoesSeqWithLeaseAndHead()
    {
        await using RegistryServer server = await RegistryServer.StartAsync(configure: o => o.Lease = TimeSpan.FromMilliseconds(300));
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, await server.KeyAsync("enforcer"));
        long head = State(server).Head;

        await replica.SendAsync(AtHead(server));
        await replica.RequestLeaseAsync(42, head);
        LeaseGrant grant = (await replica.NextAsync(RegistryMessage.BodyOneofCase.LeaseGrant)).LeaseGrant;

        grant.Seq.ShouldBe(42UL);
        grant.LeaseMs.ShouldBe(300);
        grant.RequiredLsn.ShouldBe(head);
    }

    [Fact]
    public async Task Put_ReplicaHoldsLeaseWithoutAcking_AnsweredOnlyAfterItsLeaseRunsOut()
    {
        TimeSpan lease = TimeSpan.FromMilliseconds(300);
        await using RegistryServer server = await RegistryServer.StartAsync(configure: o => o.Lease = lease);
        HttpClient writer = await server.ClientAsync("writer");
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, await server.KeyAsync("enforcer"));
        long applied = State(server).Head;
        await replica.SendAsync(AtHead(server));
        ulong seq = 0;
        await replica.RequestLeaseAsync(++seq, applied);
        await replica.NextAsync(RegistryMessage.BodyOneofCase.LeaseGrant);

        // Renew on every grant until the write's change arrives, then once more: that last lease was
        // granted after the write was received, so it alone holds acknowledgement back for a full L.
        Task<JsonElement> put = PutAsync(writer, "user:unacked");
        await replica.RenewUntilGrantAfterChangeAsync(seq, applied, applied);

        JsonElement body = await put;

        body.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        TimeSpan waited = body.GetProperty("enforcedAt").GetDateTimeOffset() - body.GetProperty("receivedAt").GetDateTimeOffset();
        waited.ShouldBeGreaterThanOrEqualTo(lease - TimeSpan.FromMilliseconds(10));
    }

    [Fact]
    public async Task Put_ReplicaAcksChange_AnsweredEnforcedBeforeItsLeaseEnds()
    {
        // An acknowledgement deadline far beyond any scheduling delay, so a loaded machine cannot turn this
        // into a timeout. The evidence that "enforced" came from the ack, not from the lease running out,
        // is the registry's own record: enforcedAt − receivedAt is less than the lease. (The registry
        // acknowledges nothing for one lease after it starts, so the lease is not made longer still.)
        TimeSpan lease = TimeSpan.FromSeconds(10);
        await using RegistryServer server = await RegistryServer.StartAsync(configure: o =>
        {
            o.Lease = lease;
            o.AckTimeout = TimeSpan.FromMinutes(1);
        });
        HttpClient writer = await server.ClientAsync("writer");
        LeaseCoordinator leases = server.Handle.App.Services.GetRequiredService<LeaseCoordinator>();
        await leases.WaitEnforcedAsync(State(server).Head, TestContext.Current.CancellationToken);
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, await server.KeyAsync("enforcer"));
        long applied = State(server).Head;
        await replica.SendAsync(AtHead(server));
        await replica.RequestLeaseAsync(1, applied);
        await replica.NextAsync(RegistryMessage.BodyOneofCase.LeaseGrant);

        Task<JsonElement> put = PutAsync(writer, "user:acked");
        ChangeBatch change = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;
        bool answeredBeforeAck = put.IsCompleted;
        await replica.AckAsync(change.LastLsn);
        JsonElement body = await put;

        answeredBeforeAck.ShouldBeFalse();
        body.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        (body.GetProperty("enforcedAt").GetDateTimeOffset() - body.GetProperty("receivedAt").GetDateTimeOffset()).ShouldBeLessThan(lease);
        leases.List().Single().LeaseValid.ShouldBeTrue();
    }

    [Fact]
    public async Task EnforcementPoints_ReplicaHoldsLease_ListedUntilStreamEndsAndLeaseRunsOut()
    {
        await using RegistryServer server = await RegistryServer.StartAsync(configure: o => o.Lease = TimeSpan.FromMilliseconds(300));
        HttpClient admin = await server.ClientAsync("admin");
        var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, await server.KeyAsync("enforcer"));
        long head = State(server).Head;
        await replica.SendAsync(RawReplica.Hello(head, id: "ep-gate-1", kind: "gate", service: "billing", ledgerId: State(server).LedgerId, chainHash: ByteString.CopyFrom(State(server).ChainHash)));
        await replica.RequestLeaseAsync(1, head);
        await replica.NextAsync(RegistryMessage.BodyOneofCase.LeaseGrant);

        JsonElement listed = (await EnforcementPointsAsync(admin)).Single(p => p.GetProperty("id").GetString() == "ep-gate-1");
        await replica.CompleteAsync();
        await replica.DisposeAsync();
        await Poll.UntilAsync(
            async _ => !(await EnforcementPointsAsync(admin)).Any(p => p.GetProperty("id").GetString() == "ep-gate-1"),
            TimeSpan.FromSeconds(10),
            "the ended replica leaving /v1/enforcement-points");

        listed.GetProperty("kind").GetString().ShouldBe("gate");
        listed.GetProperty("service").GetString().ShouldBe("billing");
        listed.GetProperty("protocolVersion").GetUInt32().ShouldBe(ProtocolVersions.Current);
        listed.GetProperty("softwareVersion").GetString().ShouldBe("raw/1");
        listed.GetProperty("appliedLsn").GetInt64().ShouldBe(head);
        listed.GetProperty("lag").GetInt64().ShouldBe(0);
        listed.GetProperty("connected").GetBoolean().ShouldBeTrue();
        listed.GetProperty("lease").GetString().ShouldBe("valid");
    }

    /// <summary>A Hello from a replica that has applied the registry's head of its own history.</summary>
    private static Hello AtHead(RegistryServer server) => RawReplica.AtHead(State(server));

    private static RegistryState State(RegistryServer server) => server.Handle.App.Services.GetRequiredService<RegistryState>();

    private static async Task<RpcException> RefusedAsync(RawReplica replica, ReplicaMessage first)
    {
        try
        {
            await replica.SendAsync(first);
        }
        catch (RpcException)
        {
            // The registry may refuse before the write lands; the status is read below.
        }

        return await Should.ThrowAsync<RpcException>(() => replica.NextAsync());
    }

    private static Task<RpcException> RefusedAsync(RawReplica replica, Hello hello) => RefusedAsync(replica, new ReplicaMessage { Hello = hello });

    internal static async Task WriteBatchAsync(HttpClient writer, IEnumerable<string> subjects, string action)
    {
        var items = subjects.Select(subject => new { subject, purpose = Purpose, action }).ToArray();
        HttpResponseMessage response = await writer.PostAsJsonAsync("/v1/optouts/batch", new { items });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> PutAsync(HttpClient writer, string subject)
    {
        HttpResponseMessage response = await writer.PutAsync($"/v1/subjects/{subject}/optouts/{Purpose}", null);
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync();
    }

    private static async Task<List<JsonElement>> EnforcementPointsAsync(HttpClient admin)
    {
        JsonElement body = await admin.GetFromJsonAsync<JsonElement>("/v1/enforcement-points");
        return [.. body.GetProperty("enforcementPoints").EnumerateArray()];
    }
}
