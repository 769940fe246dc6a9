using Heed.Client.Health;
using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Heed.Testing.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Heed.Client.Tests.Replication;

/// <summary>RegistryUrl takes the registry's HTTP address and finds the replication stream through <c>GET /v1/replication</c>.</summary>
public sealed class RegistryDiscoveryTests
{
    private const string Email = "marketing.communications.email";

    [Fact]
    public async Task RegistryUrl_HttpAddress_ReplicaBecomesFreshAndEnforces()
    {
        // Arrange
        await using RealRegistry registry = await RealRegistry.StartAsync();
        var logs = new LogCollector();
        await using ReplicaHost replica = await ReplicaHost.StartAsync(registry.Handle.Endpoints.HttpUrl, key: registry.AdminKey, logs: logs);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);
        Decision before = replica.Public.Check("user:disc-1", Email);

        // Act
        await registry.WriteAsync("user:disc-1", "marketing");
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh && replica.Enforcer.Check("user:disc-1", Email).Reason == DecisionReason.OptedOut);

        // Assert
        before.Reason.ShouldBe(DecisionReason.Allowed);
        logs.Lines.ShouldContain(l => l.Message.Contains(registry.GrpcUrl, StringComparison.Ordinal), "the log names the replication address it found");
    }

    [Fact]
    public async Task RegistryUrl_RegistryRestartsOnAnotherGrpcPort_ReplicaFindsItAgain()
    {
        // Arrange: the HTTP port stays, the gRPC port is the kernel's choice each time.
        string data = Path.Combine(Path.GetTempPath(), "heed-client-tests", Guid.NewGuid().ToString("N"));
        RealRegistry first = await RealRegistry.StartAsync(data);
        string http = first.Handle.Endpoints.HttpUrl;
        string oldGrpc = first.GrpcUrl;
        await using ReplicaHost replica = await ReplicaHost.StartAsync(http, key: first.AdminKey);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);

        // Act
        await first.DisposeAsync();
        await using RealRegistry second = await RealRegistry.StartAsync(data, configure: o => o.Urls = http);
        await second.WriteAsync("user:disc-2", "marketing");
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh && replica.Enforcer.Check("user:disc-2", Email).Reason == DecisionReason.OptedOut);

        // Assert
        second.GrpcUrl.ShouldNotBe(oldGrpc, "the restarted registry listens for replication elsewhere");
    }

    [Theory]
    [InlineData(404, "text/html", "<html><body>Not Found</body></html>", "404")]
    [InlineData(200, "text/html", "<html><body>Welcome to nginx!</body></html>", "text/html")]
    [InlineData(200, "application/json", "{\"status\":\"ok\"}", "without the registry's replication document")]
    [InlineData(200, "application/json", "not json at all", "without the registry's replication document")]
    public async Task RegistryUrl_NotARegistry_NotReadyAndSaysSoOnce(int status, string contentType, string body, string found)
    {
        // Arrange
        await using TinyHttpServer other = await TinyHttpServer.StartAsync(status, contentType, body);
        var logs = new LogCollector();

        // Act
        await using ReplicaHost replica = await ReplicaHost.StartAsync(other.Url, logs: logs, configure: o =>
        {
            o.ReconnectDelay = TimeSpan.FromMilliseconds(10);
            o.MaxReconnectDelay = TimeSpan.FromMilliseconds(40);
        });
        await other.WaitForRequestsAsync(3, Waits.Default);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Status.LastError is not null);
        HealthCheckResult health = await new HeedLeaseHealthCheck(replica.Public).CheckHealthAsync(
            new HealthCheckContext { Registration = new HealthCheckRegistration("heed", _ => null!, HealthStatus.Unhealthy, null) });

        // Assert: fails closed, keeps retrying, and the log, status and health check all say why.
        replica.Enforcer.IsFresh.ShouldBeFalse();
        replica.Public.Check("user:1", Email).Reason.ShouldBe(DecisionReason.Unconfirmed);
        string why = replica.Enforcer.Status.LastError!.Message;
        why.ShouldContain(other.Url);
        why.ShouldContain("is not a Heed registry");
        why.ShouldContain(found);
        replica.Enforcer.Status.IsRefused.ShouldBeFalse("it retries with backoff, like an outage");
        health.Status.ShouldBe(HealthStatus.Unhealthy);
        health.Description.ShouldNotBeNull().ShouldContain("is not a Heed registry");
        var said = logs.Lines.Where(l => l.Message.Contains("is not a Heed registry", StringComparison.Ordinal)).ToList();
        said.Count.ShouldBe(1, "one line per distinct cause, not one per attempt");
        said[0].Level.ShouldBe(LogLevel.Error);
        said[0].Message.ShouldContain(other.Url);
    }

    [Fact]
    public async Task RegistryUrl_NothingListening_UnreachableNotWrong()
    {
        // Arrange: a port that was just free.
        await using TinyHttpServer gone = await TinyHttpServer.StartAsync(404, "text/html", string.Empty);
        string url = gone.Url;
        await gone.DisposeAsync();

        // Act
        await using ReplicaHost replica = await ReplicaHost.StartAsync(url);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.Status.LastError is not null);

        // Assert
        string why = replica.Enforcer.Status.LastError!.Message;
        why.ShouldContain("unreachable");
        why.ShouldNotContain("not a Heed registry");
    }
}
