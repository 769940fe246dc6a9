using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;
using Spectre.Console;

namespace Heed.Cli.OptOuts;

/// <summary><c>heed optout show SUBJECT</c>: current opt-outs and the full history of one subject (every page).</summary>
public static class OptOutShowCommand
{
    public static Command Create()
    {
        var subject = new Argument<string>("SUBJECT") { Description = "kind:value, e.g. email:alice@example.com" };
        var json = new Option<bool>("--json") { Description = "Print the registry's answer as JSON" };
        var command = new Command("show", "Show a subject's current opt-outs and their history") { subject, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            // The registry pages the history; the command shows all of it, a full page at a time.
            string path = $"v1/subjects/{Uri.EscapeDataString(parse.GetValue(subject)!)}?limit={HistoryPage.MaxLimit}";
            SubjectResponse response = await client.GetAsync(path, RegistryJsonContext.Default.SubjectResponse, cancellationToken);
            while (response.Next is { } next)
            {
                SubjectResponse page = await client.GetAsync($"{path}&after={Uri.EscapeDataString(next)}", RegistryJsonContext.Default.SubjectResponse, cancellationToken);
                response = page with { History = [.. response.History, .. page.History] };
            }
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(response, RegistryJsonContext.Default.SubjectResponse);
            }
            else
            {
                Render(Terminal.Create(), response);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Cells are <see cref="Text"/>, never markup: subjects and sources are user data and may hold brackets.</summary>
    internal static void Render(IAnsiConsole console, SubjectResponse response)
    {
        console.Write(new Text(response.Subject + Environment.NewLine, new Style(decoration: Decoration.Bold)));
        if (response.OptOuts.Count == 0)
        {
            console.WriteLine("No current opt-outs.");
        }
        else
        {
            var current = new Table { Title = new TableTitle("Current opt-outs") }.AddColumns("purpose", "since", "lsn", "source");
            foreach (OptOutView optOut in response.OptOuts)
            {
                current.AddRow(Cell(optOut.Purpose), Cell(optOut.Since.ToString("u")), Cell(optOut.Lsn.ToString()), Cell(optOut.Source));
            }

            console.Write(current);
        }

        if (response.History.Count == 0)
        {
            console.WriteLine("No history.");
            return;
        }

        var history = new Table { Title = new TableTitle("History") }.AddColumns("lsn", "action", "purpose", "at", "source", "jurisdiction", "evidence");
        foreach (HistoryView entry in response.History)
        {
            history.AddRow(
                Cell(entry.Lsn.ToString()),
                Cell(entry.Action),
                Cell(entry.Purpose),
                Cell(entry.At.ToString("u")),
                Cell(entry.Source),
                Cell(entry.Jurisdiction),
                Cell(entry.Evidence));
        }

        console.Write(history);
    }

    private static Text Cell(string? value) => new(value ?? string.Empty);
}
