using System.Net;
using System.Text.Json;
using Heed.Core.Subjects;
using Heed.Protocol.V1;
using Heed.Registry.State;
using Heed.Registry.Tests.Infrastructure;
using Heed.Registry.Tests.Overrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Registry.Tests.Replication;

/// <summary>Overrides on the replication stream: the set in change batches and snapshots, the time left in every
/// grant, and the decision counts replicas report (docs/overrides.md).</summary>
public sealed class OverrideReplicationTests : IAsyncLifetime
{
    private const string Request = """{"service":"tests","purposes":["marketing","analytics"],"subjects":["User:Ovr-1","email:a@example.com"],"ttl":"1h","reason":"INC-21"}""";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private RegistryServer _server = null!;
    private HttpClient _admin = null!;
    private HttpClient _second = null!;

    private RegistryState State => _server.Handle.App.Services.GetRequiredService<RegistryState>();

    public async ValueTask InitializeAsync()
    {
        _server = await RegistryServer.StartAsync(time: _time);

        // Nothing is acknowledged for one lease after start; with a fake clock that lease passes only here.
        _time.Advance(TimeSpan.FromSeconds(1));
        _admin = await _server.ClientAsync("admin");
        _second = await _server.SecondAdminAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        _second.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ChangeBatch_AfterApproveThenRevoke_CarriesTheSetThenTheEmptySet()
    {
        await using var replica = RawReplica.Connect(_server.Handle.Endpoints.GrpcUrl, await _server.KeyAsync("enforcer"));
        await replica.SendAsync(RawReplica.AtHead(State));
        await replica.NextAsync(RegistryMessage.BodyOneofCase.Welcome);

        string id = await _admin.RequestOverrideAsync(Request);
        ChangeBatch requested = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;
        long approveLsn = await LsnAsync(await _second.ApproveAsync(id));
        ChangeBatch approved = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;
        long revokeLsn = await LsnAsync(await _admin.RevokeAsync(id));
        ChangeBatch revoked = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;

        requested.Overrides.ShouldBeNull();
        approved.LastLsn.ShouldBe(approveLsn);
        Override shipped = approved.Overrides.Overrides.ShouldHaveSingleItem();
        shipped.Id.ShouldBe(id);
        shipped.Service.ShouldBe("tests");
        shipped.EnforcementPoint.ShouldBeEmpty();
        shipped.Purposes.ShouldBe(["analytics", "marketing"]);
        string[] canonical = [.. (await _admin.ShowAsync(id)).GetProperty("subjects").EnumerateArray().Select(s => s.GetString()!)];
        canonical.ShouldContain("email:a@example.com");
        shipped.SubjectKeys.Order().ShouldBe(canonical.Select(s => SubjectHash.Of(s)).Order());
        shipped.ReportOnly.ShouldBeFalse();
        revoked.LastLsn.ShouldBe(revokeLsn);
        revoked.Overrides.ShouldNotBeNull();
        revoked.Overrides.Overrides.ShouldBeEmpty();
    }

    [Fact]
    public async Task Revoke_WithAReplicaHoldingALease_IsAnsweredOnlyOnceTheReplicaAckedIt()
    {
        string id = await _admin.RequestOverrideAsync(Request);
        (await _second.ApproveAsync(id)).EnsureSuccessStatusCode();
        await using var replica = RawReplica.Connect(_server.Handle.Endpoints.GrpcUrl, await _server.KeyAsync("enforcer"));
        await replica.SendAsync(RawReplica.AtHead(State));
        await GrantAsync(replica, 1);

        // The fake clock stands still, so the replica's lease never runs out: only its ack can acknowledge.
        Task<HttpResponseMessage> revoke = _admin.RevokeAsync(id);
        ChangeBatch revoked = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;
        bool answeredBeforeAck = revoke.IsCompleted;
        await replica.AckAsync(revoked.LastLsn);
        JsonElement answer = await (await revoke).ReadAsync();

        revoked.Overrides.Overrides.ShouldBeEmpty();
        answeredBeforeAck.ShouldBeFalse();
        answer.GetProperty("lsn").GetInt64().ShouldBe(revoked.LastLsn);
        answer.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        answer.GetProperty("enforcedAt").GetDateTimeOffset().ShouldBe(_time.GetUtcNow());
    }

    [Fact]
    public async Task Snapshot_AfterApprove_LastChunkCarriesTheSet()
    {
        string id = await _admin.RequestOverrideAsync(Request);
        (await _second.ApproveAsync(id)).EnsureSuccessStatusCode();
        await using var replica = RawReplica.Connect(_server.Handle.Endpoints.GrpcUrl, await _server.KeyAsync("enforcer"));

        await replica.SendAsync(RawReplica.Hello(0));
        SnapshotChunk chunk;
        do
        {
            chunk = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Snapshot)).Snapshot;
        }
        while (!chunk.Last);

        chunk.Overrides.Overrides.ShouldHaveSingleItem().Id.ShouldBe(id);
    }

    [Fact]
    public async Task LeaseGrant_OverrideTimes_ShrinkWithTheClockAndEndAtTheEnd()
    {
        string id = await _admin.RequestOverrideAsync(Request);
        (await _second.ApproveAsync(id)).EnsureSuccessStatusCode();
        await using var replica = RawReplica.Connect(_server.Handle.Endpoints.GrpcUrl, await _server.KeyAsync("enforcer"));
        await replica.SendAsync(RawReplica.AtHead(State));

        LeaseGrant first = await GrantAsync(replica, 1);
        _time.Advance(TimeSpan.FromMinutes(10));
        LeaseGrant later = await GrantAsync(replica, 2);
        _time.Advance(TimeSpan.FromMinutes(50) - TimeSpan.FromMilliseconds(1));
        LeaseGrant last = await GrantAsync(replica, 3);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        LeaseGrant ended = await GrantAsync(replica, 4);

        first.OverrideTimes.ShouldHaveSingleItem().ShouldBe(new OverrideTime { Id = id, RemainingMs = 3_600_000 });
        later.OverrideTimes.ShouldHaveSingleItem().RemainingMs.ShouldBe(3_000_000);
        last.OverrideTimes.ShouldHaveSingleItem().RemainingMs.ShouldBe(1);
        ended.OverrideTimes.ShouldBeEmpty();
    }

    [Fact]
    public async Task LeaseGrant_AfterRevoke_CarriesNoTimeForIt()
    {
        string id = await _admin.RequestOverrideAsync(Request);
        (await _second.ApproveAsync(id)).EnsureSuccessStatusCode();
        (await _admin.RevokeAsync(id)).EnsureSuccessStatusCode();
        await using var replica = RawReplica.Connect(_server.Handle.Endpoints.GrpcUrl, await _server.KeyAsync("enforcer"));
        await replica.SendAsync(RawReplica.AtHead(State));

        LeaseGrant grant = await GrantAsync(replica, 1);

        grant.OverrideTimes.ShouldBeEmpty();
    }

    [Fact]
    public async Task LeaseRequest_OverrideCounts_ShowPerEnforcementPointInTheOverride()
    {
        string id = await _admin.RequestOverrideAsync(Request);
        (await _second.ApproveAsync(id)).EnsureSuccessStatusCode();
        string key = await _server.KeyAsync("enforcer");
        await using var a = RawReplica.Connect(_server.Handle.Endpoints.GrpcUrl, key);
        await using var b = RawReplica.Connect(_server.Handle.Endpoints.GrpcUrl, key);
        await a.SendAsync(RawReplica.AtHead(State, "replica-a"));
        await b.SendAsync(RawReplica.AtHead(State, "replica-b"));

        await GrantAsync(a, 1, (id, 5), ("ovr_ffffffffffffffff", 99));
        await GrantAsync(b, 1, (id, 3));
        await GrantAsync(a, 2, (id, 7));

        JsonElement decisions = (await _admin.ShowAsync(id)).GetProperty("decisions");
        decisions.GetProperty("total").GetInt64().ShouldBe(10);
        decisions.GetProperty("byEnforcementPoint").GetProperty("replica-a").GetInt64().ShouldBe(7);
        decisions.GetProperty("byEnforcementPoint").GetProperty("replica-b").GetInt64().ShouldBe(3);
        HttpResponseMessage unknown = await _admin.GetAsync("/v1/overrides/ovr_ffffffffffffffff");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        string metrics = await _server.Anonymous.GetStringAsync("/metrics");
        metrics.ShouldContain($"enforcement_point=\"replica-a\",override=\"{id}\"}} 7");
        metrics.ShouldContain($"enforcement_point=\"replica-b\",override=\"{id}\"}} 3");
        metrics.ShouldContain("# TYPE heed_override_decisions_total counter");
        metrics.ShouldNotContain("ovr_ffffffffffffffff");
    }

    /// <summary>Asks for a lease reporting <paramref name="counts"/> and returns the grant; the registry took the counts in before it answered.</summary>
    private async Task<LeaseGrant> GrantAsync(RawReplica replica, ulong seq, params (string Id, long Allowed)[] counts)
    {
        var request = new LeaseRequest { Seq = seq, AppliedLsn = State.Head };
        request.OverrideCounts.AddRange(counts.Select(c => new OverrideCount { Id = c.Id, Allowed = c.Allowed }));
        await replica.SendAsync(new ReplicaMessage { LeaseRequest = request });
        while (true)
        {
            LeaseGrant grant = (await replica.NextAsync(RegistryMessage.BodyOneofCase.LeaseGrant)).LeaseGrant;
            if (grant.Seq == seq)
            {
                return grant;
            }
        }
    }

    private static async Task<long> LsnAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync()).GetProperty("lsn").GetInt64();
    }
}
