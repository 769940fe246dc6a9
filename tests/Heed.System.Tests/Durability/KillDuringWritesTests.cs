using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Testing.Cli;
using Heed.Testing.Http;
using Heed.Testing.Network;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.System.Tests.Durability;

/// <summary>G3: every write the registry acknowledged survives kill -9 and restart.</summary>
public sealed class KillDuringWritesTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Serve_KilledMidLoad_EveryAcknowledgedWriteSurvivesRestart()
    {
        // Arrange
        using TempDirectory data = TempDirectory.Create("heed-durability-");
        string adminKey = "durability-admin-" + Guid.NewGuid().ToString("N");
        int port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var acknowledged = new ConcurrentDictionary<string, long>();
        var enoughWrites = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        await using (ChildProcess first = ChildProcess.Start(HeedCli.Serve(data.FullPath, port, adminKey)))
        {
            await WaitFor.HttpOkAsync(new Uri(baseAddress, "/healthz"), StartTimeout, first);
            Task[] writers = [.. Enumerable.Range(0, 32).Select(w => WriteUntilFailureAsync(baseAddress, adminKey, w, acknowledged, enoughWrites, stop.Token))];

            // Act: kill -9 while 32 writers are mid-flight.
            await enoughWrites.Task.WaitAsync(TimeSpan.FromSeconds(120));
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using ChildProcess second = ChildProcess.Start(HeedCli.Serve(data.FullPath, port, adminKey));
        await WaitFor.HttpOkAsync(new Uri(baseAddress, "/healthz"), StartTimeout, second);
        using HttpClient client = KeyedClient.Create(baseAddress, adminKey);
        string[] subjects = [.. acknowledged.Keys];
        var missing = new List<string>();
        foreach (string[] chunk in subjects.Chunk(5_000))
        {
            HttpResponseMessage response = await client.PostAsJsonAsync("/v1/check/batch", new { items = chunk.Select(s => new { subject = s, purpose = "marketing.communications.email" }) });
            response.EnsureSuccessStatusCode();
            JsonElement results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
            for (int i = 0; i < chunk.Length; i++)
            {
                if (results[i].GetProperty("reason").GetString() != "opted_out")
                {
                    missing.Add(chunk[i]);
                }
            }
        }

        JsonElement health = await client.GetFromJsonAsync<JsonElement>("/readyz");

        // Assert
        subjects.Length.ShouldBeGreaterThanOrEqualTo(2_000);
        missing.ShouldBeEmpty();
        health.GetProperty("lsn").GetInt64().ShouldBeGreaterThanOrEqualTo(acknowledged.Values.Max());
    }

    private static async Task WriteUntilFailureAsync(Uri baseAddress, string key, int writer, ConcurrentDictionary<string, long> acknowledged, TaskCompletionSource enough, CancellationToken stop)
    {
        using HttpClient client = KeyedClient.Create(baseAddress, key);
        for (int i = 0; !stop.IsCancellationRequested; i++)
        {
            string subject = $"user:w{writer}-{i}";
            try
            {
                using HttpResponseMessage response = await client.PutAsync($"/v1/subjects/{subject}/optouts/marketing", null, stop);
                if (!response.IsSuccessStatusCode)
                {
                    continue;
                }

                JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>(stop);
                acknowledged[subject] = body.GetProperty("lsn").GetInt64();
                if (acknowledged.Count >= 2_000)
                {
                    enough.TrySetResult();
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException or JsonException)
            {
                // The server died mid-request: that write was never acknowledged, so it need not survive.
                if (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
