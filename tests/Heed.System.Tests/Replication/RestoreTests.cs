using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Testing.Cli;
using Heed.Testing.Network;
using Heed.Testing.Polling;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.System.Tests.Replication;

/// <summary>
/// G1 across a restore: a sidecar that applied a clear must not keep answering from that history once
/// the registry is restored from a backup taken before the clear (or started over on an empty data
/// directory) and new writes take its ledger back past the sidecar's LSN.
/// </summary>
public sealed class RestoreTests
{
    private const string Purpose = "marketing.communications.email";
    private const string Subject = "user:restore-1";
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("backup")]
    [InlineData("empty")]
    public async Task Sidecar_RegistryRestoredPastItsLsn_NeverAllowsWhatTheRestoredRegistryDenies(string restore)
    {
        // Arrange: a registry and a sidecar; the subject opts out.
        using TempDirectory data = TempDirectory.Create("heed-restore-");
        using TempDirectory backup = TempDirectory.Create("heed-restore-backup-");
        string key = "restore-admin-" + Guid.NewGuid().ToString("N");
        int httpPort = FreePort.Next();
        int grpcPort = FreePort.Next();
        var registryUrl = new Uri($"http://127.0.0.1:{httpPort}");
        ChildProcess registry = await StartRegistryAsync(data.FullPath, httpPort, grpcPort, key);

        // Whichever registry process is current when the test ends (or fails) is stopped with it.
        try
        {
            int sidecarPort = FreePort.Next();
            await using ChildProcess sidecar = ChildProcess.Start(HeedCli.Command(
                "sidecar", "--registry", $"http://127.0.0.1:{grpcPort}", "--key", key, "--service", "svc-restore",
                "--urls", $"http://127.0.0.1:{sidecarPort}", "--grpc-urls", $"http://127.0.0.1:{FreePort.Next()}") with { Name = "sidecar" });
            using var probe = new SidecarProbe("sidecar", new Uri($"http://127.0.0.1:{sidecarPort}"));
            using HttpClient client = Client(registryUrl, key);
            await UntilAsync(() => probe.IsReadyAsync(CancellationToken.None), "the sidecar to be ready");
            await WriteAsync(client, Subject, optOut: true);
            await UntilAsync(async () => await probe.CheckAsync(Subject, Purpose, CancellationToken.None) == "opted_out", "the sidecar to deny the subject");

            // The backup: the data directory, copied while the registry is stopped.
            await registry.StopAsync(TimeSpan.FromSeconds(30));
            await registry.DisposeAsync();
            if (restore == "backup")
            {
                CopyDirectory(data.FullPath, backup.FullPath);
            }

            registry = await StartRegistryAsync(data.FullPath, httpPort, grpcPort, key);

            // The clear, applied by the sidecar.
            long cleared = await WriteAsync(client, Subject, optOut: false);
            await UntilAsync(async () => await probe.CheckAsync(Subject, Purpose, CancellationToken.None) == "allowed", "the sidecar to apply the clear");

            // Act: with the sidecar paused (so it reconnects only afterwards), restore and write past its LSN,
            // one commit at a time, so that some commit starts right after the LSN the sidecar holds.
            sidecar.Pause();
            await registry.StopAsync(TimeSpan.FromSeconds(30));
            await registry.DisposeAsync();
            Directory.Delete(data.FullPath, recursive: true);
            Directory.CreateDirectory(data.FullPath);
            CopyDirectory(backup.FullPath, data.FullPath);
            registry = await StartRegistryAsync(data.FullPath, httpPort, grpcPort, key);
            if (restore == "empty")
            {
                await WriteAsync(client, Subject, optOut: true);
            }

            long head = 0;
            for (int i = 0; head <= cleared + 2; i++)
            {
                head = await WriteAsync(client, $"user:restore-filler-{i}", optOut: true);
            }

            string atRegistry = await RegistryCheckAsync(client, Subject);
            var answers = new List<string>();
            sidecar.Resume();
            await UntilAsync(async () =>
            {
                answers.Add(await probe.CheckAsync(Subject, Purpose, CancellationToken.None));
                return await probe.IsReadyAsync(CancellationToken.None);
            }, "the sidecar to be ready against the restored registry");
            for (int i = 0; i < 200; i++)
            {
                answers.Add(await probe.CheckAsync(Subject, Purpose, CancellationToken.None));
            }

            // Assert
            atRegistry.ShouldBe("opted_out");
            answers.ShouldNotContain("allowed", $"the sidecar answered from the history that no longer exists: {string.Join(", ", answers.Distinct())}");
            answers[^1].ShouldBe("opted_out");
        }
        finally
        {
            await registry.DisposeAsync();
        }
    }

    private static Task<ChildProcess> StartRegistryAsync(string data, int httpPort, int grpcPort, string key) =>
        LeasedRegistry.StartHealthyAsync(data, httpPort, grpcPort, key, Lease, Wait);

    private static async Task<long> WriteAsync(HttpClient client, string subject, bool optOut)
    {
        using var request = new HttpRequestMessage(optOut ? HttpMethod.Put : HttpMethod.Delete, $"/v1/subjects/{subject}/optouts/{Purpose}");
        using HttpResponseMessage response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("lsn").GetInt64();
    }

    private static async Task<string> RegistryCheckAsync(HttpClient client, string subject)
    {
        using HttpResponseMessage response = await client.PostAsJsonAsync("/v1/check", new { subject, purpose = Purpose });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString()!;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    private static Task UntilAsync(Func<Task<bool>> condition, string what) =>
        Poll.UntilAsync(async _ => await condition(), Wait, what, TimeSpan.FromMilliseconds(10));

    private static HttpClient Client(Uri baseAddress, string key)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
