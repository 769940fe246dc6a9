using Heed.Cli.Commands;
using Heed.Cli.Import;
using Heed.Cli.Tests.Infrastructure;
using Heed.Registry.Api.Contracts;

namespace Heed.Cli.Tests.Import;

public sealed class ImportRunnerTests
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    [Fact]
    public async Task Run_FileWithBadRow_ExitsOneNamesTheLineAndWritesNothing()
    {
        var target = new FakeImportTarget();
        var runner = new ImportRunner(target, _output, _error);

        int exitCode = await runner.RunAsync(Request(Samples.PathOf(Samples.GenericBadRows)), json: false, CancellationToken.None);

        exitCode.ShouldBe(ExitCodes.Problem);
        target.Batches.ShouldBeEmpty();
        string error = _error.ToString();
        error.ShouldContain("3 of 6 rows");
        error.ShouldContain("nothing was written");
        error.ShouldContain("line 4: subject 'email:not-an-address'");
        error.ShouldContain("line 6: unknown purpose");
        error.ShouldContain("line 7:");
    }

    [Fact]
    public async Task Run_OneBadRowAmongThousands_WritesNothing()
    {
        string rows = string.Concat(Enumerable.Range(0, 25_000).Select(i => i == 24_000 ? "user:\n" : $"user:{i}\n"));
        using TempFile file = TempFile.WithText("subject\n" + rows);
        var target = new FakeImportTarget();
        var runner = new ImportRunner(target, _output, _error);

        int exitCode = await runner.RunAsync(Request(file.Path, purpose: "analytics"), json: false, CancellationToken.None);

        exitCode.ShouldBe(ExitCodes.Problem);
        target.Batches.ShouldBeEmpty();
        _error.ToString().ShouldContain("line 24002: subject 'user:': the value after 'kind:' is empty");
    }

    [Fact]
    public async Task Run_ValidFile_WritesEveryRowInChunksOfTenThousandWithTheFlavourAsSource()
    {
        string rows = string.Concat(Enumerable.Range(0, 25_001).Select(i => $"User{i}@Example.com,2024-01-01 00:00:00\n"));
        using TempFile file = TempFile.WithText("email,created\n" + rows);
        var target = new FakeImportTarget();
        var runner = new ImportRunner(target, _output, _error);

        int exitCode = await runner.RunAsync(Request(file.Path), json: false, CancellationToken.None);

        exitCode.ShouldBe(ExitCodes.Ok, _error.ToString());
        target.Batches.Select(b => b.Items!.Count).Order().ShouldBe([5_001, 10_000, 10_000]);
        BatchWriteItem[] items = [.. target.Batches.SelectMany(b => b.Items!).Select(i => i!)];
        items.Select(i => i.Subject).Distinct().Count().ShouldBe(25_001);
        items.ShouldAllBe(i => i.Action == "set" && i.Source == "sendgrid" && i.Purpose == "marketing.communications.email");
        items.ShouldContain(i => i.Subject == "email:user25000@example.com");
        _output.ToString().ShouldContain("Imported 25,001 rows");
        _output.ToString().ShouldContain("3 chunks");
    }

    [Fact]
    public async Task Run_SourceAndPurposeOptions_UsedForEveryRow()
    {
        var target = new FakeImportTarget();
        var runner = new ImportRunner(target, _output, _error);

        int exitCode = await runner.RunAsync(Request(Samples.PathOf(Samples.Mailchimp), purpose: "marketing", source: "mailchimp-2024"), json: false, CancellationToken.None);

        exitCode.ShouldBe(ExitCodes.Ok, _error.ToString());
        target.Batches.ShouldHaveSingleItem().Items!.ShouldAllBe(i => i!.Purpose == "marketing" && i.Source == "mailchimp-2024");
    }

    [Fact]
    public async Task Run_DryRun_ValidatesAndWritesNothing()
    {
        var target = new FakeImportTarget();
        var runner = new ImportRunner(target, _output, _error);

        int exitCode = await runner.RunAsync(Request(Samples.PathOf(Samples.SendGrid), dryRun: true), json: false, CancellationToken.None);

        exitCode.ShouldBe(ExitCodes.Ok);
        target.Batches.ShouldBeEmpty();
        _output.ToString().ShouldContain("6 valid rows; nothing was written (dry run)");
    }

    [Fact]
    public async Task Run_Json_PrintsOneSummaryDocument()
    {
        var target = new FakeImportTarget();
        var runner = new ImportRunner(target, _output, _error);

        int exitCode = await runner.RunAsync(Request(Samples.PathOf(Samples.SendGrid)), json: true, CancellationToken.None);

        exitCode.ShouldBe(ExitCodes.Ok);
        string json = _output.ToString().Trim();
        json.ShouldStartWith("{");
        json.ShouldContain("\"flavour\":\"sendgrid\"");
        json.ShouldContain("\"rowsWritten\":6");
    }

    [Theory]
    [InlineData("", 4)]
    [InlineData("ok", 0)]
    [InlineData("ok", 65)]
    public async Task Run_BadSourceOrConcurrency_UsageError(string source, int concurrency)
    {
        var runner = new ImportRunner(new FakeImportTarget(), _output, _error);

        await Should.ThrowAsync<UsageException>(() => runner.RunAsync(Request(Samples.PathOf(Samples.SendGrid), source: source, concurrency: concurrency), json: false, CancellationToken.None));
    }

    private static ImportRequest Request(string file, string? purpose = null, string? source = null, bool dryRun = false, int concurrency = 4) =>
        new(file, purpose, source, dryRun, concurrency);
}
