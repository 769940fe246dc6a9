using System.Diagnostics;
using System.Text.Json;
using Heed.Cli.Commands;
using Spectre.Console;

namespace Heed.Cli.Import;

/// <summary>
/// <c>heed import</c> end to end: fetch the taxonomy, read and validate the whole file, and only if every
/// row is valid write it in chunks. A file with a bad row writes nothing and exits 1.
/// </summary>
/// <param name="target">The registry.</param>
/// <param name="output">Where the summary goes (stdout).</param>
/// <param name="error">Where refused rows are reported (stderr).</param>
/// <param name="progress">A console to draw a progress bar on, or null for a plain summary only.</param>
public sealed class ImportRunner(IImportTarget target, TextWriter output, TextWriter error, IAnsiConsole? progress = null)
{
    public const string Action = "set";

    public async Task<int> RunAsync(ImportRequest request, bool json, CancellationToken cancellationToken)
    {
        Validate(request);
        long started = Stopwatch.GetTimestamp();
        var catalog = new PurposeCatalog((await target.GetPurposesAsync(cancellationToken)).Purposes);
        ImportPlan plan = ImportReader.Read(request.File, request.Purpose, catalog);
        TimeSpan validated = Stopwatch.GetElapsedTime(started);
        if (!plan.IsValid)
        {
            await ReportAsync(request.File, plan);
            return ExitCodes.Problem;
        }

        UploadResult result = new(0, 0, 0, 0, TimeSpan.Zero);
        if (!request.DryRun && plan.Rows.Count > 0)
        {
            IEnumerable<ImportChunk> chunks = BatchChunker.Chunk(plan.Rows, Action, request.Source ?? plan.Layout.Name);
            var uploader = new ChunkUploader(target, request.Concurrency);
            result = progress is null || json
                ? await uploader.UploadAsync(chunks, null, cancellationToken)
                : await UploadWithProgressAsync(progress, uploader, chunks, plan.Rows.Count, cancellationToken);
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);

        // A dry run's rate is how fast rows were read and validated; otherwise how fast they were written, end to end.
        long rated = request.DryRun ? plan.Rows.Count : result.Rows;
        double rate = elapsed.TotalSeconds > 0 ? rated / elapsed.TotalSeconds : 0;
        if (json)
        {
            var summary = new ImportSummary(request.File, plan.Layout.Name, request.DryRun, plan.Rows.Count, result.Rows, result.Chunks, result.LastLsn, result.NotEnforcedChunks == 0, Math.Round(elapsed.TotalSeconds, 3), Math.Round(rate), result.Rows - result.Unchanged, result.Unchanged);
            await output.WriteLineAsync(JsonSerializer.Serialize(summary, CliJsonContext.Default.ImportSummary));
            return ExitCodes.Ok;
        }

        string file = Path.GetFileName(request.File);
        if (request.DryRun || plan.Rows.Count == 0)
        {
            string what = plan.Rows.Count == 0 ? "has no rows" : $"has {plan.Rows.Count:N0} valid rows";
            await output.WriteLineAsync($"{file} ({plan.Layout.Name}) {what}; nothing was written{(request.DryRun ? " (dry run)" : string.Empty)}.");
            await output.WriteLineAsync($"Read and validated in {elapsed.TotalSeconds:0.000} s ({rate:N0} rows/s).");
            return ExitCodes.Ok;
        }

        await output.WriteLineAsync($"Imported {result.Rows:N0} rows from {file} ({plan.Layout.Name}) in {result.Chunks} {(result.Chunks == 1 ? "chunk" : "chunks")}: {result.Rows - result.Unchanged:N0} changed, {result.Unchanged:N0} were already opted out.");
        await output.WriteLineAsync(
            $"Elapsed {elapsed.TotalSeconds:0.000} s, {rate:N0} rows/s end to end (read and validated in {validated.TotalSeconds:0.000} s, written in {result.Elapsed.TotalSeconds:0.000} s); last lsn {result.LastLsn}.");
        if (result.NotEnforcedChunks > 0)
        {
            await output.WriteLineAsync($"{result.NotEnforcedChunks} chunks are durable but were not yet acknowledged by every enforcement point when answered.");
        }

        return ExitCodes.Ok;
    }

    private static void Validate(ImportRequest request)
    {
        if (request.Source is { } source && (source.Length is 0 or > 256 || source.Any(char.IsControl)))
        {
            throw new UsageException("--source must be 1 to 256 characters without control characters");
        }

        if (request.Concurrency is < 1 or > 64)
        {
            throw new UsageException("--concurrency must be between 1 and 64");
        }
    }

    private async Task ReportAsync(string file, ImportPlan plan)
    {
        int total = plan.Rows.Count + plan.InvalidRows;
        await error.WriteLineAsync($"heed import: {plan.InvalidRows:N0} of {total:N0} rows in {file} ({plan.Layout.Name}) are invalid; nothing was written.");
        foreach (RowError row in plan.Errors)
        {
            await error.WriteLineAsync("  " + row);
        }

        if (plan.InvalidRows > plan.Errors.Count)
        {
            await error.WriteLineAsync($"  … and {plan.InvalidRows - plan.Errors.Count:N0} more.");
        }
    }

    private static Task<UploadResult> UploadWithProgressAsync(IAnsiConsole console, ChunkUploader uploader, IEnumerable<ImportChunk> chunks, int rows, CancellationToken cancellationToken) =>
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("writing opt-outs", maxValue: rows);
                return await uploader.UploadAsync(chunks, written => task.Increment(written), cancellationToken);
            });
}
