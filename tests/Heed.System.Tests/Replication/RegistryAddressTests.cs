using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Heed.Testing.Cli;
using Heed.Testing.Http;
using Heed.Testing.Network;
using Heed.Testing.Polling;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.System.Tests.Replication;

/// <summary>
/// Enforcement points take the registry's HTTP address (the one users know) and find the replication
/// stream through <c>GET /v1/replication</c>; pointed elsewhere they say so. Real processes throughout.
/// </summary>
public sealed partial class RegistryAddressTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Sidecar_GivenTheRegistryHttpUrl_BecomesReadyAndEnforces()
    {
        // Arrange
        using TempDirectory data = TempDirectory.Create("heed-address-");
        string admin = "address-admin-" + Guid.NewGuid().ToString("N");
        int httpPort = FreePort.Next();
        await using ChildProcess registry = await LeasedRegistry.StartHealthyAsync(data.FullPath, httpPort, FreePort.Next(), admin, Lease, Wait);
        using HttpClient writer = Keyed(httpPort, admin);
        int sidecarPort = FreePort.Next();

        // Act
        await using ChildProcess sidecar = ChildProcess.Start(HeedCli.Command(
            "sidecar", "--registry", $"http://127.0.0.1:{httpPort}", "--key", admin, "--urls", $"http://127.0.0.1:{sidecarPort}") with { Name = "sidecar" });
        using var probe = new SidecarProbe("sidecar", new Uri($"http://127.0.0.1:{sidecarPort}"));
        await WaitFor.HttpOkAsync(new Uri($"http://127.0.0.1:{sidecarPort}/readyz"), Wait, sidecar);
        string before = await probe.CheckAsync("user:addr-1", "marketing.communications.email", CancellationToken.None);
        await OptOutAsync(writer, "user:addr-1");
        string after = await probe.CheckAsync("user:addr-1", "marketing.communications.email", CancellationToken.None);

        // Assert: the write is acknowledged only once connected replicas applied it, so the next check denies.
        before.ShouldBe("allowed");
        after.ShouldBe("opted_out");
    }

    [Fact]
    public async Task Gate_GivenTheRegistryHttpUrl_BecomesReadyAndEnforces()
    {
        // Arrange: an upstream the gate proxies to, and a route whose subject is the path's user id.
        using TempDirectory data = TempDirectory.Create("heed-address-gate-");
        string admin = "address-admin-" + Guid.NewGuid().ToString("N");
        int httpPort = FreePort.Next();
        await using ChildProcess registry = await LeasedRegistry.StartHealthyAsync(data.FullPath, httpPort, FreePort.Next(), admin, Lease, Wait);
        using HttpClient writer = Keyed(httpPort, admin);
        await using TinyHttpServer upstream = await TinyHttpServer.StartAsync(200, "text/plain", "from upstream");
        string config = Path.Combine(data.FullPath, "gate.json");
        await File.WriteAllTextAsync(config, GateConfig(upstream.Url));

        // Act: only --registry, no --registry-http: GPC writes go to the same address.
        await using ChildProcess gate = ChildProcess.Start(HeedCli.Command(
            "gate", "--config", config, "--registry", $"http://127.0.0.1:{httpPort}", "--key", admin, "--writer-key", admin,
            "--urls", "http://127.0.0.1:0") with { Name = "gate" });
        string line = await gate.WaitForLineAsync(l => ListeningLine().IsMatch(l), Wait);
        var url = new Uri(ListeningLine().Match(line).Groups[1].Value);
        await WaitFor.HttpOkAsync(new Uri(url, "/readyz"), Wait, gate);
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        using HttpResponseMessage allowed = await http.PostAsync("/users/addr-2/newsletter", null);
        await OptOutAsync(writer, "user:addr-2");
        using HttpResponseMessage denied = await http.PostAsync("/users/addr-2/newsletter", null);

        // Assert
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await allowed.Content.ReadAsStringAsync()).ShouldBe("from upstream");
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SidecarAndGate_GivenAnotherHttpServer_NotReadyAndSayItIsNotARegistry()
    {
        // Arrange: some other web server where the registry should be.
        await using TinyHttpServer other = await TinyHttpServer.StartAsync(404, "text/html", "<html><body><h1>404 Not Found</h1></body></html>");
        using TempDirectory dir = TempDirectory.Create("heed-address-wrong-");
        string config = Path.Combine(dir.FullPath, "gate.json");
        await File.WriteAllTextAsync(config, GateConfig(other.Url));
        int sidecarPort = FreePort.Next();

        // Act
        await using ChildProcess sidecar = ChildProcess.Start(HeedCli.Command(
            "sidecar", "--registry", other.Url, "--key", "some-key-0123456789", "--urls", $"http://127.0.0.1:{sidecarPort}") with { Name = "sidecar" });
        await using ChildProcess gate = ChildProcess.Start(HeedCli.Command(
            "gate", "--config", config, "--registry", other.Url, "--key", "some-key-0123456789", "--writer-key", "some-key-0123456789",
            "--urls", "http://127.0.0.1:0") with { Name = "gate" });
        string line = await gate.WaitForLineAsync(l => ListeningLine().IsMatch(l), Wait);
        var gateUrl = new Uri(ListeningLine().Match(line).Groups[1].Value);
        (HttpStatusCode Status, string Body) sidecarReady = await ReadyzSayingAsync(new Uri($"http://127.0.0.1:{sidecarPort}/readyz"), "is not a Heed registry");
        (HttpStatusCode Status, string Body) gateReady = await ReadyzSayingAsync(new Uri(gateUrl, "/readyz"), "is not a Heed registry");

        // Both retried (the server saw several discovery requests) but said it once each.
        await other.WaitForRequestsAsync(6, Wait);

        // Assert
        sidecarReady.Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        sidecarReady.Body.ShouldContain(other.Url);
        sidecarReady.Body.ShouldContain("404");
        gateReady.Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        gateReady.Body.ShouldContain(other.Url);
        sidecar.Lines.Count(l => l.Text.Contains("is not a Heed registry", StringComparison.Ordinal)).ShouldBe(1, "one line per distinct cause:\n" + sidecar.Tail(30));
        gate.Lines.Count(l => l.Text.Contains("is not a Heed registry", StringComparison.Ordinal)).ShouldBe(1, "one line per distinct cause:\n" + gate.Tail(30));
    }

    private static async Task<(HttpStatusCode, string)> ReadyzSayingAsync(Uri readyz, string text)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        (HttpStatusCode, string) last = default;
        await Poll.UntilAsync(async ct =>
        {
            try
            {
                using HttpResponseMessage response = await http.GetAsync(readyz, ct);
                last = (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
                return last.Item2.Contains(text, StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, Wait, $"{readyz} to say '{text}'", TimeSpan.FromMilliseconds(50));
        return last;
    }

    internal static HttpClient Keyed(int httpPort, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task OptOutAsync(HttpClient writer, string subject)
    {
        using HttpResponseMessage response = await writer.PutAsync($"/v1/subjects/{Uri.EscapeDataString(subject)}/optouts/marketing", null);
        response.EnsureSuccessStatusCode();
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("enforced").GetBoolean().ShouldBeTrue(body.ToString());
    }

    private static string GateConfig(string upstream) => $$"""
        {
          "ReverseProxy": {
            "Routes": {
              "newsletter": {
                "ClusterId": "app",
                "Match": { "Path": "/users/{userId}/newsletter" },
                "Metadata": { "Heed.Purposes": "marketing.communications.email", "Heed.Subject": "route:userId", "Heed.SubjectKind": "user" }
              }
            },
            "Clusters": { "app": { "Destinations": { "a": { "Address": "{{upstream}}" } } } }
          }
        }
        """;

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}
