using System.CommandLine;
using Heed.Cli.Commands;

namespace Heed.Cli.Import;

/// <summary><c>heed import FILE [--purpose P] [--source S] [--dry-run]</c>: bulk opt-outs from a CSV suppression list.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A CSV file: generic (subject[,purpose]), SendGrid unsubscribes (email,created) or a Mailchimp unsubscribed export" };
        var purpose = new Option<string?>("--purpose") { Description = $"Purpose for rows that name none (email exports default to {FlavourDetector.EmailPurpose})" };
        var source = new Option<string?>("--source") { Description = "Source recorded with each opt-out (default: the flavour, e.g. sendgrid)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate every row and report; write nothing" };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Batches of 10,000 in flight at once",
            DefaultValueFactory = _ => ChunkUploader.DefaultConcurrency,
        };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON" };
        var command = new Command("import", "Import opt-outs from a CSV file; every row is validated before anything is written")
        {
            file, purpose, source, dryRun, concurrency, json,
        };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            var request = new ImportRequest(parse.GetValue(file)!, parse.GetValue(purpose), parse.GetValue(source), parse.GetValue(dryRun), parse.GetValue(concurrency));
            var runner = new ImportRunner(new RegistryImportTarget(client), Console.Out, Console.Error, Terminal.IsInteractive ? Terminal.Create() : null);
            return await runner.RunAsync(request, parse.GetValue(json), cancellationToken);
        });
        return command;
    }
}
