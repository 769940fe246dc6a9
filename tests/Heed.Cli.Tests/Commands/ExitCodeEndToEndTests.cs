using System.Net;
using System.Net.Sockets;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Commands;

/// <summary>Exit codes that need no registry: usage errors (2) and an unreachable registry (3).</summary>
public sealed class ExitCodeEndToEndTests
{
    [Fact]
    public async Task Run_RegistryNotListening_ExitsThreeNamingIt()
    {
        string url = $"http://127.0.0.1:{ClosedPort()}";

        HeedResult result = await HeedExecutable.RunAsync(["keys", "list"], new Dictionary<string, string?> { ["HEED_REGISTRY"] = url, ["HEED_KEY"] = "k" });

        result.ExitCode.ShouldBe(3, result.ToString());
        result.Stderr.ShouldContain($"cannot reach the registry at {url}/");
    }

    [Fact]
    public async Task Run_NoKey_ExitsTwo()
    {
        HeedResult result = await HeedExecutable.RunAsync(["check", "user:1", "analytics"], new Dictionary<string, string?>());

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldContain("heed check: no API key");
    }

    [Fact]
    public async Task Run_UnknownOption_ExitsTwo()
    {
        HeedResult result = await HeedExecutable.RunAsync(["export", "--format", "xml"], new Dictionary<string, string?> { ["HEED_KEY"] = "k" });

        result.ExitCode.ShouldBe(2, result.ToString());
    }

    [Fact]
    public async Task Run_Help_ExitsZeroListingTheAdminCommands()
    {
        HeedResult result = await HeedExecutable.RunAsync(["--help"], new Dictionary<string, string?>());

        result.ExitCode.ShouldBe(0, result.ToString());
        foreach (string command in new[] { "serve", "optout", "check", "import", "export", "keys" })
        {
            result.Stdout.ShouldContain(command);
        }
    }

    /// <summary>A port that was just free: bound, read, released. Nothing of ours listens there afterwards.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
