using System.Text.RegularExpressions;
using Heed.Adoption.Tests.Infrastructure;
using Heed.Testing.Cli;
using Heed.Testing.Http;
using Heed.Testing.Processes;
using Heed.Testing.Repository;

namespace Heed.Adoption.Tests.Samples;

/// <summary>samples/sidecar-curl/check.sh (sh and curl, no .NET) against a real sidecar and registry.</summary>
public sealed partial class SidecarScriptTests
{
    [Fact]
    public async Task CheckScript_AllowedThenDeniedAfterTheOptOut_ExitCodesZeroThenFour()
    {
        await using Registry registry = await Registry.StartAsync(HeedCli.Command());
        string enforcer = await registry.CreateKeyAsync("enforcer");
        await using ChildProcess sidecar = ChildProcess.Start(HeedCli.Command(
            "sidecar", "--registry", registry.GrpcUrl.ToString(), "--key", enforcer, "--urls", "http://127.0.0.1:0", "--grpc-urls", "http://127.0.0.1:0"));
        string line = await sidecar.WaitForLineAsync(l => ListeningLine().IsMatch(l), SampleWebApp.Timeout);
        var url = new Uri(ListeningLine().Match(line).Groups[1].Value);
        await WaitFor.HttpOkAsync(new Uri(url, "/readyz"), SampleWebApp.Timeout, sidecar);

        CommandResult allowed = await RunScriptAsync(url, "user:40", "marketing.communications.email");
        long lsn = await registry.OptOutAsync("user:40", "marketing");
        CommandResult denied = await RunScriptAsync(url, "user:40", "marketing.communications.email", lsn.ToString(System.Globalization.CultureInfo.InvariantCulture));

        allowed.ExitCode.ShouldBe(0, allowed.Output);
        allowed.Output.ShouldContain("\"allowed\":true");
        denied.ExitCode.ShouldBe(4, denied.Output);
        denied.Output.ShouldContain("\"reason\":\"opted_out\"");
    }

    [Fact]
    public async Task CheckScript_NoSidecar_ExitsOneFailClosed()
    {
        CommandResult result = await RunScriptAsync(new Uri($"http://127.0.0.1:{Heed.Testing.Network.FreePort.Next()}"), "user:41", "analytics");

        result.ExitCode.ShouldBe(1, result.Output);
        result.Output.ShouldContain("no decision (fail closed)");
    }

    private static Task<CommandResult> RunScriptAsync(Uri sidecar, params string[] arguments) =>
        Command.RunAsync(
            new ChildProcessOptions("/bin/sh")
            {
                Arguments = [Path.Combine(BuildOutput.RepositoryRoot, "samples", "sidecar-curl", "check.sh"), .. arguments],
                Environment = new Dictionary<string, string?> { ["HEED_SIDECAR"] = sidecar.ToString().TrimEnd('/') },
            },
            SampleWebApp.Timeout);

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}
