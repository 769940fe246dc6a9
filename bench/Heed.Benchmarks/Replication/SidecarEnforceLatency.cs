using System.Net.Http.Json;
using System.Text.Json;

namespace Heed.Benchmarks.Replication;

/// <summary>
/// Write → enforced with <c>heed sidecar</c> processes (docs/benchmarks.md): sequential opt-out writes to a
/// running registry, each timed until its answer says <c>enforced: true</c> (every leased replica applied
/// it). After each write, outside the timing, every sidecar's <c>POST /v1/check</c> must answer
/// <c>opted_out</c> for it. bench/run.sh starts the registry and the sidecars.
/// Usage: <c>enforce-sidecars KEY_FILE REGISTRY_URL WRITES SIDECAR_URL...</c>.
/// </summary>
internal static class SidecarEnforceLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (await RegistryArgs.ReadAsync(args, 5, "enforce-sidecars KEY_FILE REGISTRY_URL WRITES SIDECAR_URL...") is not { } common)
        {
            return 2;
        }

        int writes = int.Parse(args[3]);
        string[] sidecars = args[4..];
        using HttpClient registry = WriteLatency.Client(common.Registry, common.Key);
        using var checks = new HttpClient();
        var latency = new WriteLatency();
        await latency.RunAsync(registry, writes, async subject =>
        {
            bool[] optedOut = await Task.WhenAll(sidecars.Select(s => OptedOutAsync(checks, s, subject)));
            return optedOut.All(o => o);
        });
        Console.WriteLine($"write -> enforced everywhere, {sidecars.Length} heed sidecar processes, {writes} sequential writes over HTTP");
        Console.WriteLine($"{latency.Summary()}  not verified {latency.NotVerified}");
        return latency.NotEnforced == 0 && latency.NotVerified == 0 ? 0 : 1;
    }

    private static async Task<bool> OptedOutAsync(HttpClient client, string sidecar, string subject)
    {
        using HttpResponseMessage response = await client.PostAsJsonAsync(sidecar + "/v1/check", new { subject, purpose = WriteLatency.Purpose });
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("reason").GetString() == "opted_out";
    }
}
