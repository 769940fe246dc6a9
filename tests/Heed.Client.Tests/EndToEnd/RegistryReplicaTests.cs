using System.Net.Http.Json;
using System.Text.Json;
using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Heed.Protocol;
using Microsoft.Extensions.Logging;

namespace Heed.Client.Tests.EndToEnd;

/// <summary>The SDK replica against the real registry: writes over HTTP, enforcement in process (G1, G2).</summary>
public sealed class RegistryReplicaTests
{
    private const string Email = "marketing.communications.email";

    [Fact]
    public async Task OptOut_AcknowledgedEnforced_ReplicaNeverAllowsAfterwards()
    {
        // Arrange
        await using RealRegistry registry = await RealRegistry.StartAsync();
        await using ReplicaHost replica = await ReplicaHost.StartAsync(registry.GrpcUrl, key: registry.AdminKey);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);
        replica.Public.Check("user:42", Email).Reason.ShouldBe(DecisionReason.Allowed);

        // Act
        JsonElement write = await registry.WriteAsync("user:42", "marketing");
        Decision atAck = replica.Public.Check("user:42", Email);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);
        Decision fresh = replica.Public.Check("user:42", Email);

        // Assert
        write.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        atAck.Allowed.ShouldBeFalse();
        atAck.Reason.ShouldBeOneOf(DecisionReason.OptedOut, DecisionReason.Unconfirmed);
        fresh.Reason.ShouldBe(DecisionReason.OptedOut);
        fresh.Matched!.Name.ShouldBe("marketing");
        fresh.Lsn.ShouldBeGreaterThanOrEqualTo(write.GetProperty("lsn").GetInt64());
    }

    [Fact]
    public async Task Clear_AcknowledgedEnforced_ReplicaNeverDeniesFromOldState()
    {
        // Arrange
        await using RealRegistry registry = await RealRegistry.StartAsync();
        await using ReplicaHost replica = await ReplicaHost.StartAsync(registry.GrpcUrl, key: registry.AdminKey);
        await registry.WriteAsync("email:ann@example.com", "marketing");
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);
        replica.Public.Check("email:ann@example.com", Email).Reason.ShouldBe(DecisionReason.OptedOut);

        // Act
        JsonElement clear = await registry.WriteAsync("email:ann@example.com", "marketing", clear: true);
        Decision atAck = replica.Public.Check("email:ann@example.com", Email);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);
        Decision fresh = replica.Public.Check("email:ann@example.com", Email);

        // Assert
        clear.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        atAck.Reason.ShouldBeOneOf(DecisionReason.Allowed, DecisionReason.Unconfirmed);
        fresh.Reason.ShouldBe(DecisionReason.Allowed);
    }

    [Fact]
    public async Task CheckAsync_TokenOfWrite_ReflectsTheWrite()
    {
        // Arrange
        await using RealRegistry registry = await RealRegistry.StartAsync();
        await using ReplicaHost replica = await ReplicaHost.StartAsync(registry.GrpcUrl, key: registry.AdminKey, configure: o => o.TokenWait = TimeSpan.FromSeconds(5));
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);
        JsonElement write = await registry.WriteAsync("user:7", "train_ai_system");

        // Act
        Decision decision = await replica.Public.CheckAsync("user:7", "train_ai_system", write.GetProperty("lsn").GetInt64());

        // Assert: the replica is connected and leased, so within the 5 s token wait it applies the write;
        // unconfirmed here would mean the token path never works.
        write.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        decision.Reason.ShouldBe(DecisionReason.OptedOut);
        decision.Lsn.ShouldBeGreaterThanOrEqualTo(write.GetProperty("lsn").GetInt64());
    }

    [Fact]
    public async Task Connect_AfterRegistryRestart_LoadsSnapshotAndDenies()
    {
        // Arrange: a restarted registry has no change tail, so a new replica needs a snapshot.
        string data = Path.Combine(Path.GetTempPath(), "heed-client-tests", Guid.NewGuid().ToString("N"));
        await using (RealRegistry first = await RealRegistry.StartAsync(data))
        {
            await first.WriteAsync("user:1", "analytics");
            await first.WriteAsync("phone:+1 (555) 010-9999", "marketing.communications.sms");
        }

        await using RealRegistry registry = await RealRegistry.StartAsync(data);

        // Act
        await using ReplicaHost replica = await ReplicaHost.StartAsync(registry.GrpcUrl, key: registry.AdminKey);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);

        // Assert
        replica.Public.Check("user:1", "analytics.reporting").Reason.ShouldBe(DecisionReason.OptedOut);
        replica.Public.Check("phone:+15550109999", "marketing.communications.sms").Reason.ShouldBe(DecisionReason.OptedOut);
        replica.Public.Check("user:1", Email).Reason.ShouldBe(DecisionReason.Allowed);
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Connect_ProtocolBelowRegistryMinimum_RefusedNamingBothVersions()
    {
        // Arrange: every replica in this repository speaks the current version; the internal ProtocolVersion
        // (tests only, never bound from configuration) plays an older build.
        await using RealRegistry registry = await RealRegistry.StartAsync();

        // Act
        await using ReplicaHost replica = await ReplicaHost.StartAsync(registry.GrpcUrl, key: registry.AdminKey, configure: o => o.ProtocolVersion = 1);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Status.IsRefused);

        // Assert
        string message = replica.Public.Status.LastError!.Message;
        message.ShouldContain("version 1");
        message.ShouldContain($"minimum {ProtocolVersions.MinimumSupported}");
        replica.Public.Check("user:1", Email).Reason.ShouldBe(DecisionReason.Unconfirmed);
    }

    [Fact]
    public async Task MinimumRaised_WhileOldReplicaConnected_RefusedFailsClosedAndSaysWhy()
    {
        // Arrange: a registry that still serves version 1, and a replica speaking it (the internal seam above).
        await using RealRegistry registry = await RealRegistry.StartAsync(configure: o => o.MinProtocolVersion = 1);
        var logs = new LogCollector();
        await using ReplicaHost replica = await ReplicaHost.StartAsync(registry.GrpcUrl, key: registry.AdminKey, configure: o => o.ProtocolVersion = 1, logs: logs);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);

        // Act
        HttpResponseMessage raised = await registry.Admin.PutAsJsonAsync("/v1/settings/replication.minProtocolVersion", new { value = "2" });
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Status.IsRefused);

        // Assert
        raised.EnsureSuccessStatusCode();
        HeedStatus status = replica.Public.Status;
        status.IsFresh.ShouldBeFalse();
        status.LastError!.Message.ShouldContain("FailedPrecondition");
        status.LastError.Message.ShouldContain("version 1");
        status.LastError.Message.ShouldContain("minimum 2");
        replica.Public.Check("user:1", Email).Reason.ShouldBe(DecisionReason.Unconfirmed);
        logs.Lines.ShouldContain(l => l.Level >= LogLevel.Warning && l.Message.Contains("minimum 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_UnknownKey_Refused()
    {
        // Arrange
        await using RealRegistry registry = await RealRegistry.StartAsync();

        // Act
        await using ReplicaHost replica = await ReplicaHost.StartAsync(registry.GrpcUrl, key: "not-a-key-of-this-registry");
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Status.IsRefused);

        // Assert
        replica.Public.Status.LastError!.Message.ShouldContain("Unauthenticated");
        replica.Public.IsFresh.ShouldBeFalse();
    }

    [Fact]
    public async Task Connect_Replica_ListedAsEnforcementPoint()
    {
        // Arrange
        await using RealRegistry registry = await RealRegistry.StartAsync();
        await using ReplicaHost replica = await ReplicaHost.StartAsync(registry.GrpcUrl, key: registry.AdminKey, configure: o => o.ReplicaId = "replica-under-test");
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);

        // Act
        JsonElement body = await registry.Admin.GetFromJsonAsync<JsonElement>("/v1/enforcement-points");

        // Assert
        JsonElement point = body.GetProperty("enforcementPoints").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "replica-under-test");
        point.GetProperty("kind").GetString().ShouldBe(ReplicaKinds.Sdk);
        point.GetProperty("service").GetString().ShouldBe("tests");
    }
}
