using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Heed.Protocol.V1;
using Heed.Testing.Cli;
using Heed.Testing.Network;
using Heed.Testing.Polling;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.System.Tests.Replication;

/// <summary>Revoking a key ends the replication stream and CheckStream opened with it, across real processes.</summary>
public sealed class RevocationTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Sidecar_KeyRevoked_FailsClosedWithinTheLeaseAndSaysWhy()
    {
        // Arrange: a registry, a sidecar replicating with an enforcer key, and a CheckStream with that key.
        using TempDirectory data = TempDirectory.Create("heed-revoke-");
        string admin = "revoke-admin-" + Guid.NewGuid().ToString("N");
        int httpPort = FreePort.Next();
        int grpcPort = FreePort.Next();
        string grpcUrl = $"http://127.0.0.1:{grpcPort}";
        await using ChildProcess registry = await LeasedRegistry.StartHealthyAsync(data.FullPath, httpPort, grpcPort, admin, Lease, Wait);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        HttpResponseMessage created = await client.PostAsJsonAsync("/v1/keys", new { role = "enforcer", name = "sidecar" });
        created.EnsureSuccessStatusCode();
        JsonElement body = await created.Content.ReadFromJsonAsync<JsonElement>();
        string id = body.GetProperty("id").GetString()!;
        string key = body.GetProperty("key").GetString()!;

        int sidecarPort = FreePort.Next();
        await using ChildProcess sidecar = ChildProcess.Start(HeedCli.Command(
            "sidecar", "--registry", grpcUrl, "--key", key, "--service", "svc-revoke",
            "--urls", $"http://127.0.0.1:{sidecarPort}", "--grpc-urls", $"http://127.0.0.1:{FreePort.Next()}") with { Name = "sidecar" });

        // The sidecar's lines carry times from a clock started inside Start: measured from here, a line's
        // time is late (never early) on the test's monotonic clock.
        long sidecarClock = Stopwatch.GetTimestamp();
        using var probe = new SidecarProbe("sidecar", new Uri($"http://127.0.0.1:{sidecarPort}"));
        await Poll.UntilAsync(probe.IsReadyAsync, Wait, "the sidecar to be ready", TimeSpan.FromMilliseconds(10));

        using GrpcChannel channel = GrpcChannel.ForAddress(grpcUrl);
        using AsyncDuplexStreamingCall<CheckBatch, DecisionBatch> checks = new Decisions.DecisionsClient(channel).CheckStream(new Metadata { { "authorization", "Bearer " + key } });
        var batch = new CheckBatch { Id = 1, Subjects = ByteString.CopyFrom("user:revoke-1\n", Encoding.UTF8), PurposeIndex = ByteString.CopyFrom(0) };
        batch.Purposes.Add("analytics.reporting");
        await checks.RequestStream.WriteAsync(batch);
        (await checks.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();

        // Act
        (await client.DeleteAsync($"/v1/keys/{id}")).EnsureSuccessStatusCode();
        long revokedAt = Stopwatch.GetTimestamp();

        // The replica logs the refusal after it dropped its lease (the session revokes the lease as the
        // stream ends, then reports why), so that line's time bounds the fail-closed moment from above,
        // with no polling delay in the measurement. The revoke was acknowledged before revokedAt.
        await sidecar.WaitForLineAsync(l => l.Contains("revoked", StringComparison.Ordinal), Wait);
        OutputLine refused = sidecar.Lines.First(l => l.Text.Contains("revoked", StringComparison.Ordinal));
        TimeSpan failedClosedAfter = refused.Elapsed - Stopwatch.GetElapsedTime(sidecarClock, revokedAt);
        await Poll.UntilAsync(async ct => !await probe.IsReadyAsync(ct), Wait, "the sidecar to stop being ready", TimeSpan.FromMilliseconds(10));
        RpcException checkStreamEnded = await Should.ThrowAsync<RpcException>(() => checks.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Wait));
        string why = string.Empty;
        using var raw = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await Poll.UntilAsync(async ct =>
        {
            using HttpResponseMessage ready = await raw.GetAsync($"http://127.0.0.1:{sidecarPort}/readyz", ct);
            why = await ready.Content.ReadAsStringAsync(ct);
            return why.Contains("revoked", StringComparison.Ordinal);
        }, Wait, "the sidecar's /readyz to say the key was revoked", TimeSpan.FromMilliseconds(50));
        string decision = await probe.CheckAsync("user:revoke-1", "analytics.reporting", CancellationToken.None);

        // Assert. The stream ends at the revoke and the sidecar drops its lease at once; even a replica that
        // missed the end would hold its last grant for at most the lease, since no grant follows a revoke.
        failedClosedAfter.ShouldBeLessThan(Lease + TimeSpan.FromSeconds(1), "fails closed within lease + 1 s of the acknowledged revoke");
        checkStreamEnded.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        checkStreamEnded.Status.Detail.ShouldContain(id);
        why.ShouldContain(id);
        decision.ShouldBe("unconfirmed");
        sidecar.Lines.ShouldContain(l => l.Text.Contains("revoked", StringComparison.Ordinal), "the sidecar's log says why");
    }
}
