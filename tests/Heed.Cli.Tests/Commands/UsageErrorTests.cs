using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Commands;

/// <summary>
/// A bad command line gets exit code 2 and one line on stderr that names the argument, says what it
/// expects and points at --help: no help text, no .NET type names.
/// </summary>
public sealed class UsageErrorTests
{
    private static readonly Dictionary<string, string?> WithKey = new() { ["HEED_KEY"] = "k", ["HEED_REGISTRY"] = "http://127.0.0.1:9" };

    [Theory]
    [InlineData(1, "--token: 'abc' is not a whole number", "check", "user:1", "analytics", "--token", "abc")]
    [InlineData(1, "--concurrency: 'many' is not a whole number", "import", "file.csv", "--concurrency", "many")]
    [InlineData(1, "--token", "check", "user:1", "analytics", "--token")]
    [InlineData(1, "--config", "gate")]
    [InlineData(1, "'maybe'", "keys", "list", "--json", "maybe")]
    [InlineData(1, "<PURPOSE> is missing", "check", "user:1")]
    // Two problems, two lines: both arguments are missing; two unknown tokens; no command, and an unknown one.
    [InlineData(2, "<SUBJECT> is missing", "check")]
    [InlineData(2, "'--colour'", "export", "--colour", "red")]
    [InlineData(2, "'frobnicate'", "frobnicate")]
    public async Task Run_BadArgument_OneLinePerProblemNamingItAndPointingAtHelp(int problems, string named, params string[] args)
    {
        HeedResult result = await HeedExecutable.RunAsync(args, WithKey);

        result.ExitCode.ShouldBe(2, result.ToString());
        string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Length.ShouldBe(problems, result.ToString());
        lines.ShouldContain(l => l.Contains(named, StringComparison.Ordinal), result.ToString());
        foreach (string line in lines)
        {
            line.ShouldStartWith("heed", customMessage: result.ToString());
            line.ShouldEndWith("--help')", customMessage: result.ToString());
            line.ShouldNotContain("System.", Case.Sensitive, result.ToString());
        }

        result.Stdout.ShouldBeEmpty(result.ToString());
    }

    [Fact]
    public async Task Run_BadTokenOnCheck_NamesTheSubcommand()
    {
        HeedResult result = await HeedExecutable.RunAsync(["check", "user:1", "analytics", "--token", "abc"], WithKey);

        result.Stderr.Trim().ShouldBe("heed check: --token: 'abc' is not a whole number (see 'heed check --help')");
    }
}
