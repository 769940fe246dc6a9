using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Grpc.Core;
using Heed.Client;
using Heed.Core.Decisions;
using Heed.Protocol;
using Heed.Protocol.V1;
using Heed.Registry.Hosting;
using Heed.Registry.State;
using Heed.Registry.Tests.Infrastructure;
using Heed.Registry.Tests.Overrides;
using Heed.Storage.Ledger;
using Heed.Testing.Polling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Heed.Registry.Tests.Replication;

/// <summary>
/// The minimum protocol version: <c>Heed:MinProtocolVersion</c> at start, raised at runtime by the audited
/// setting <c>replication.minProtocolVersion</c>. Every replica in this repository speaks the current
/// version, so the old one is spoken by hand (<see cref="RawReplica"/>, Hello with protocol_version 1).
/// </summary>
public sealed class ProtocolMinimumTests
{
    private const string Setting = "/v1/settings/replication.minProtocolVersion";
    private const string Purpose = "marketing.communications.email";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Raise_OldReplicaHoldsLease_ItsGrantsStopAndStreamEndsWhileCurrentReplicaKeepsItsLease()
    {
        // Arrange: a registry that still serves version 1 (the floor an operator sets during a rollout).
        // A lease long enough that a loaded machine cannot make the timings below look like its expiry.
        TimeSpan lease = TimeSpan.FromSeconds(3);
        await using RegistryServer server = await RegistryServer.StartAsync(configure: o =>
        {
            o.MinProtocolVersion = 1;
            o.Lease = lease;
            o.Heartbeat = TimeSpan.FromMilliseconds(100);
            o.AckTimeout = TimeSpan.FromSeconds(20);
        });
        HttpClient admin = await server.ClientAsync("admin");
        string key = await server.KeyAsync("enforcer");
        using IHost sdk = await SdkCatchUpTests.StartReplicaAsync(server, key, "current-sdk");
        IHeedEnforcer current = await FreshAsync(sdk);
        await using var old = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, key);
        await old.SendAsync(RawReplica.Hello(State(server).Head, id: "old-replica", version: 1, ledgerId: State(server).LedgerId, chainHash: Google.Protobuf.ByteString.CopyFrom(State(server).ChainHash)));
        var grants = new List<LeaseGrant>();
        Task<RpcException> oldStream = RenewUntilRefusedAsync(old, grants);
        await Poll.UntilAsync(_ => Task.FromResult(Count(grants) > 0 && Listed(server, "old-replica")), Timeout, "the old replica holding a lease");

        // Act
        var clock = Stopwatch.StartNew();
        Task<HttpResponseMessage> raising = admin.PutAsync(Setting, Json.Raw("""{"value":"2"}"""));
        RpcException ended = await oldStream.WaitAsync(Timeout);
        TimeSpan closedAfter = clock.Elapsed;
        HttpResponseMessage raised = await raising;
        JsonElement raise = await raised.ReadAsync();
        HttpResponseMessage written = await admin.PutAsync($"/v1/subjects/user:after-raise/optouts/{Purpose}", null);
        JsonElement write = await written.ReadAsync();

        // Assert: the old replica got no lease after the raise was applied, and its stream ended naming both versions.
        raised.StatusCode.ShouldBe(HttpStatusCode.OK);
        raise.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        long raisedAt = raise.GetProperty("lsn").GetInt64();
        lock (grants)
        {
            grants.ShouldNotBeEmpty();
            grants.ShouldAllBe(g => g.RequiredLsn < raisedAt);
        }

        // Closed when the raise was applied, not when its lease would have run out (which the raise's own
        // acknowledgement waits for: the old replica never acks it).
        closedAfter.ShouldBeLessThan(lease);
        ended.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        ended.Status.Detail.ShouldContain("version 1");
        ended.Status.Detail.ShouldContain("minimum 2");

        // The opt-out written afterwards waits for the current replica only: the old one's lease had ended.
        write.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        (write.GetProperty("enforcedAt").GetDateTimeOffset() - write.GetProperty("receivedAt").GetDateTimeOffset()).ShouldBeLessThan(lease);
        await Poll.UntilAsync(_ => Task.FromResult(current.IsFresh && current.Check("user:after-raise", Purpose).Reason == DecisionReason.OptedOut), Timeout, "the current replica enforcing the opt-out");
        current.Status.LastError.ShouldBeNull();
        Listed(server, "old-replica").ShouldBeFalse();
    }

    [Fact]
    public async Task Raise_ThenRestart_SettingIsALedgerEntryAndStillRefusesOldReplicas()
    {
        // Arrange
        RegistryServer before = await RegistryServer.StartAsync(configure: o => o.MinProtocolVersion = 1);
        before.DeleteDataOnDispose = false;
        HttpClient admin = await before.ClientAsync("admin");

        // Act
        JsonElement raised = await (await admin.PutAsync(Setting, Json.Raw("""{"value":"2"}"""))).EnsureSuccessStatusCode().ReadAsync();
        long lsn = raised.GetProperty("lsn").GetInt64();
        LedgerEntry entry = (await before.Handle.App.Services.GetRequiredService<ILedgerStore>().ReadAfterAsync(lsn - 1, 1, TestContext.Current.CancellationToken))[0];
        await before.DisposeAsync();
        await using RegistryServer after = await RegistryServer.StartAsync(before.DataDirectory, before.AdminKey, configure: o => o.MinProtocolVersion = 1);
        after.DeleteDataOnDispose = true;
        JsonElement shown = await SettingAsync(await after.ClientAsync("auditor"));
        await using var old = RawReplica.Connect(after.Handle.Endpoints.GrpcUrl, await after.KeyAsync("enforcer"));
        await old.SendAsync(RawReplica.Hello(0, version: 1));
        RpcException refused = await Should.ThrowAsync<RpcException>(() => old.NextAsync());

        // Assert
        entry.Kind.ShouldBe(EntryKinds.SettingSet);
        using (JsonDocument body = JsonDocument.Parse(entry.Body))
        {
            body.RootElement.GetProperty("name").GetString().ShouldBe("replication.minProtocolVersion");
            body.RootElement.GetProperty("value").GetString().ShouldBe("2");
            body.RootElement.GetProperty("setBy").GetString().ShouldNotBeNullOrEmpty();
        }

        shown.GetProperty("value").GetString().ShouldBe("2");
        shown.GetProperty("default").GetString().ShouldBe("1");
        shown.GetProperty("lsn").GetInt64().ShouldBe(lsn);
        refused.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        refused.Status.Detail.ShouldContain("minimum 2");
    }

    [Fact]
    public async Task Settings_ByDefault_ShowTheConfiguredFloorAsTheDefault()
    {
        await using RegistryServer server = await RegistryServer.StartAsync();

        JsonElement shown = await SettingAsync(await server.ClientAsync("auditor"));

        shown.GetProperty("value").GetString().ShouldBe(ProtocolVersions.MinimumSupported.ToString(System.Globalization.CultureInfo.InvariantCulture));
        shown.GetProperty("default").GetString().ShouldBe(shown.GetProperty("value").GetString());
        shown.GetProperty("lsn").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("""{"value":"two"}""")]
    [InlineData("""{"value":"3"}""")] // above the version this registry speaks
    [InlineData("""{"value":"0"}""")]
    [InlineData("""{"value":"-2"}""")]
    [InlineData("""{"value":" 2"}""")]
    [InlineData("""{"value":"02"}""")]
    [InlineData("""{"value":"2.0"}""")]
    [InlineData("""{"value":"1"}""")] // below the configured floor (2 by default)
    [InlineData("""{"value":2}""")]
    [InlineData("""{"value":null}""")]
    public async Task Set_InvalidValue_Is400ProblemAndWritesNothing(string body)
    {
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient admin = await server.ClientAsync("admin");
        long head = State(server).Head;

        HttpResponseMessage response = await admin.PutAsync(Setting, Json.Raw(body));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        State(server).Head.ShouldBe(head);
    }

    [Fact]
    public async Task Set_AboveCurrent_ProblemSaysTheRegistryCannotDemandIt()
    {
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient admin = await server.ClientAsync("admin");

        HttpResponseMessage response = await admin.PutAsync(Setting, Json.Raw($$"""{"value":"{{ProtocolVersions.Current + 1}}"}"""));

        JsonElement problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("value")[0].GetString()!.ShouldContain($"speaks protocol version {ProtocolVersions.Current}");
    }

    [Theory]
    [InlineData(0U)]
    [InlineData(ProtocolVersions.Current + 1)]
    public async Task Start_FloorOutsideWhatThisBuildSpeaks_Refused(uint floor)
    {
        var options = new RegistryOptions { Data = Path.Combine(Path.GetTempPath(), "heed-registry-tests", Guid.NewGuid().ToString("N")), MinProtocolVersion = floor };

        RegistryConfigurationException refused = await Should.ThrowAsync<RegistryConfigurationException>(() => RegistryApp.CreateAsync(options));

        refused.Message.ShouldContain("Heed:MinProtocolVersion");
    }

    [Fact]
    public async Task EnforcementPoints_SdkReplica_ShowsItsProtocolAndBuildVersions()
    {
        await using RegistryServer server = await RegistryServer.StartAsync();
        using IHost sdk = await SdkCatchUpTests.StartReplicaAsync(server, await server.KeyAsync("enforcer"), "versioned-sdk");
        await FreshAsync(sdk);

        JsonElement body = await (await server.ClientAsync("auditor")).GetFromJsonAsync<JsonElement>("/v1/enforcement-points", TestContext.Current.CancellationToken);

        JsonElement point = body.GetProperty("enforcementPoints").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "versioned-sdk");
        point.GetProperty("protocolVersion").GetUInt32().ShouldBe(ProtocolVersions.Current);
        string build = typeof(IHeedEnforcer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        point.GetProperty("softwareVersion").GetString().ShouldBe("Heed.Client/" + build);
    }

    /// <summary>Renews the lease on every grant, recording each, until the registry ends the stream; returns how.</summary>
    private static async Task<RpcException> RenewUntilRefusedAsync(RawReplica replica, List<LeaseGrant> grants)
    {
        ulong seq = 0;
        try
        {
            await replica.RequestLeaseAsync(++seq, 0);
            while (true)
            {
                RegistryMessage message = await replica.NextAsync();
                if (message.BodyCase == RegistryMessage.BodyOneofCase.LeaseGrant)
                {
                    lock (grants)
                    {
                        grants.Add(message.LeaseGrant);
                    }

                    await replica.RequestLeaseAsync(++seq, 0);
                }
            }
        }
        catch (RpcException ex)
        {
            return ex;
        }
    }

    private static int Count(List<LeaseGrant> grants)
    {
        lock (grants)
        {
            return grants.Count;
        }
    }

    private static bool Listed(RegistryServer server, string id) =>
        server.Handle.App.Services.GetRequiredService<Heed.Registry.Replication.LeaseCoordinator>().List().Any(l => l.Info.ReplicaId == id && l.Connected);

    private static async Task<JsonElement> SettingAsync(HttpClient client)
    {
        JsonElement settings = await client.GetFromJsonAsync<JsonElement>("/v1/settings", TestContext.Current.CancellationToken);
        return settings.GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "replication.minProtocolVersion");
    }

    private static RegistryState State(RegistryServer server) => server.Handle.App.Services.GetRequiredService<RegistryState>();

    private static async Task<IHeedEnforcer> FreshAsync(IHost host)
    {
        IHeedEnforcer enforcer = host.Services.GetRequiredService<IHeedEnforcer>();
        await Poll.UntilAsync(_ => Task.FromResult(enforcer.IsFresh), Timeout, "the SDK replica holding a lease", TimeSpan.FromMilliseconds(10));
        return enforcer;
    }
}
