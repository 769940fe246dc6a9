using System.Net.Http.Json;
using System.Text.Json;
using Heed.Testing.Cli;
using Heed.Testing.Http;
using Heed.Testing.Network;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.System.Tests.Replication;

/// <summary>
/// The second listeners (the registry's replication port, the sidecar's CheckStream port) default to a
/// port the kernel picks on the host of <c>--urls</c> and are advertised, so several registries and
/// sidecars start on one host with only <c>--urls</c> (and <c>--data</c>) changed.
/// </summary>
public sealed class DefaultPortsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task TwoRegistries_OnlyUrlsAndDataDiffer_BothStartAndAdvertiseTheirReplicationPorts()
    {
        // Arrange
        using TempDirectory first = TempDirectory.Create("heed-ports-a-");
        using TempDirectory second = TempDirectory.Create("heed-ports-b-");
        string admin = "ports-admin-" + Guid.NewGuid().ToString("N");
        IReadOnlyList<int> ports = FreePort.Next(2);

        // Act: no --grpc-urls.
        await using ChildProcess a = ChildProcess.Start(Serve(first.FullPath, ports[0], admin));
        await using ChildProcess b = ChildProcess.Start(Serve(second.FullPath, ports[1], admin));
        await WaitFor.HttpOkAsync(new Uri($"http://127.0.0.1:{ports[0]}/readyz"), Wait, a);
        await WaitFor.HttpOkAsync(new Uri($"http://127.0.0.1:{ports[1]}/readyz"), Wait, b);
        int grpcA = await AdvertisedAsync(ports[0], admin);
        int grpcB = await AdvertisedAsync(ports[1], admin);

        // Assert
        grpcA.ShouldNotBe(grpcB);
        new[] { grpcA, grpcB }.ShouldAllBe(p => p > 0 && p != 8081);
        a.Lines.ShouldContain(l => l.Text.Contains($"replication http://127.0.0.1:{grpcA}", StringComparison.Ordinal), "the startup line names the port");
    }

    [Fact]
    public async Task ThreeSidecars_OnlyUrlsDiffer_AllBecomeReady()
    {
        // Arrange
        using TempDirectory data = TempDirectory.Create("heed-ports-sidecars-");
        string admin = "ports-admin-" + Guid.NewGuid().ToString("N");
        int httpPort = FreePort.Next();
        await using ChildProcess registry = await LeasedRegistry.StartHealthyAsync(data.FullPath, httpPort, FreePort.Next(), admin, TimeSpan.FromSeconds(1), Wait);
        IReadOnlyList<int> ports = FreePort.Next(3);

        // Act: no --grpc-urls, so each CheckStream listener gets its own port.
        var sidecars = new List<ChildProcess>();
        try
        {
            foreach (int port in ports)
            {
                sidecars.Add(ChildProcess.Start(HeedCli.Command(
                    "sidecar", "--registry", $"http://127.0.0.1:{httpPort}", "--key", admin, "--urls", $"http://127.0.0.1:{port}") with { Name = $"sidecar :{port}" }));
            }

            var checkStreams = new List<int>();
            for (var i = 0; i < ports.Count; i++)
            {
                await WaitFor.HttpOkAsync(new Uri($"http://127.0.0.1:{ports[i]}/readyz"), Wait, sidecars[i]);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                JsonElement address = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{ports[i]}/v1/checkstream");
                checkStreams.Add(address.GetProperty("grpcPort").GetInt32());
                address.GetProperty("grpc").GetString().ShouldBe($"http://127.0.0.1:{checkStreams[i]}");
                sidecars[i].Lines.ShouldContain(l => l.Text.Contains($"CheckStream http://127.0.0.1:{checkStreams[i]}", StringComparison.Ordinal));
            }

            // Assert
            checkStreams.Distinct().Count().ShouldBe(3);
            checkStreams.ShouldNotContain(8182);
        }
        finally
        {
            foreach (ChildProcess sidecar in sidecars)
            {
                await sidecar.DisposeAsync();
            }
        }
    }

    private static ChildProcessOptions Serve(string data, int port, string admin) =>
        HeedCli.Command("serve", "--data", data, "--urls", $"http://127.0.0.1:{port}") with
        {
            Name = $"heed serve :{port}",
            Environment = new Dictionary<string, string?> { ["HEED_ADMIN_KEY"] = admin },
        };

    private static async Task<int> AdvertisedAsync(int httpPort, string admin)
    {
        using HttpClient client = RegistryAddressTests.Keyed(httpPort, admin);
        JsonElement replication = await client.GetFromJsonAsync<JsonElement>("/v1/replication");
        return replication.GetProperty("grpcPort").GetInt32();
    }
}
