using Heed.Adoption.Tests.Infrastructure;
using Heed.Testing.Cli;
using Heed.Testing.Processes;
using Heed.Testing.Repository;
using Heed.Testing.Temp;

namespace Heed.Adoption.Tests.Samples;

/// <summary>samples/Heed.Samples.Worker: bulk checks over CheckStream against a real <c>heed serve</c>.</summary>
public sealed class WorkerSampleTests
{
    [Fact]
    public async Task Worker_Once_PrintsEveryDecisionFromOneCheckStream()
    {
        await using Registry registry = await Registry.StartAsync(HeedCli.Command());
        await registry.OptOutAsync("user:20", "marketing");
        using TempDirectory temp = TempDirectory.Create("heed-adoption-worker-");
        string subjects = temp.Combine("recipients.txt");
        await File.WriteAllLinesAsync(subjects, ["user:10", "user:20", "not-a-subject", "user:30"]);
        string dll = BuildOutput.Locate(Path.Combine("samples", "Heed.Samples.Worker"), "Heed.Samples.Worker.dll");

        CommandResult run = await Command.RunAsync(
            new ChildProcessOptions(DotnetHost.Path)
            {
                Arguments =
                [
                    dll, "--Worker:Endpoint=" + registry.GrpcUrl, "--Worker:Key=" + await registry.CreateKeyAsync("enforcer"),
                    "--Worker:Subjects=" + subjects, "--Worker:Once=true", "--Worker:BatchSize=2",
                ],
                WorkingDirectory = Path.GetDirectoryName(dll),
            },
            SampleWebApp.Timeout);

        run.ExitCode.ShouldBe(0, run.Output);
        string[] lines = [.. run.Lines.Select(l => l.Text)];
        lines.ShouldContain("allowed user:10");
        lines.ShouldContain("denied user:20 opted_out");
        lines.ShouldContain("denied not-a-subject invalid_subject");
        lines.ShouldContain("allowed user:30");
        lines.ShouldContain("checked 4 subjects for marketing.communications.email: 2 allowed, 2 denied");
    }
}
