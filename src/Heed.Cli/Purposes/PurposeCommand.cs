using System.CommandLine;
using System.Globalization;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;
using Heed.Registry.Purposes;
using Spectre.Console;

namespace Heed.Cli.Purposes;

/// <summary>
/// <c>heed purpose add|list|deprecate</c>: the purpose taxonomy, which is ledger entries (docs/schemas.md, "Purposes").
/// Adding and deprecating need an admin key and answer once every enforcement point has the change, like an
/// opt-out; listing takes any key but the gate's recorder key.
/// </summary>
public static class PurposeCommand
{
    public static Command Create() => new("purpose", "Add, list and deprecate purposes (each change is a ledger entry)")
    {
        Add(),
        List(),
        Deprecate(),
    };

    private static Command Add()
    {
        var name = new Argument<string>("NAME") { Description = "The dotted purpose name, e.g. research.surveys; missing parents are added too" };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var command = new Command("add", "Add a purpose to the taxonomy") { name, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            PurposeWriteResponse answer = await client.SendAsync(
                HttpMethod.Post,
                "v1/purposes",
                new PurposeAddBody(parse.GetValue(name)),
                RegistryJsonContext.Default.PurposeAddBody,
                RegistryJsonContext.Default.PurposeWriteResponse,
                cancellationToken);
            return Written(answer, parse.GetValue(json), $"Added purpose {answer.Name} (bit {answer.Bit}).", "every enforcement point enforces it");
        });
        return command;
    }

    private static Command Deprecate()
    {
        var name = new Argument<string>("NAME") { Description = "The purpose to deprecate; it keeps its bit and still answers checks" };
        var successor = new Option<string?>("--successor") { Description = "The purpose its opt-outs carry over to, and whose opt-outs deny it" };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var command = new Command("deprecate", "Deprecate a purpose for good: no new opt-outs of it") { name, successor, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            PurposeWriteResponse answer = await client.SendAsync(
                HttpMethod.Patch,
                $"v1/purposes/{Uri.EscapeDataString(parse.GetValue(name)!)}",
                new PurposeDeprecateBody(true, parse.GetValue(successor)),
                RegistryJsonContext.Default.PurposeDeprecateBody,
                RegistryJsonContext.Default.PurposeWriteResponse,
                cancellationToken);
            string headline = answer.Successor is { } next
                ? $"Deprecated purpose {answer.Name}; its successor is {next}."
                : $"Deprecated purpose {answer.Name}.";
            return Written(answer, parse.GetValue(json), headline, "no enforcement point takes new opt-outs of it");
        });
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print the taxonomy as JSON" };
        var command = new Command("list", "List the taxonomy: every purpose, its bit and whether it is deprecated") { json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            PurposesResponse purposes = await client.GetAsync("v1/purposes", RegistryJsonContext.Default.PurposesResponse, cancellationToken);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(purposes, RegistryJsonContext.Default.PurposesResponse);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("name", "bit", "state");
            foreach (PurposeView p in purposes.Purposes)
            {
                string state = p.Essential ? "essential" : p.Deprecated ? (p.Successor is { } next ? $"deprecated → {next}" : "deprecated") : "-";
                table.AddRow(new Text(p.Name), new Text(p.Bit < 0 ? "-" : p.Bit.ToString(CultureInfo.InvariantCulture)), new Text(state));
            }

            Terminal.Create().Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int Written(PurposeWriteResponse answer, bool json, string headline, string effect)
    {
        if (json)
        {
            Terminal.WriteJson(answer, RegistryJsonContext.Default.PurposeWriteResponse);
            return ExitCodes.Ok;
        }

        Console.WriteLine(headline);
        Console.WriteLine(answer.Enforced
            ? $"Enforced at {answer.EnforcedAt:u} (LSN {answer.Lsn}): {effect}."
            : $"Not yet acknowledged by every enforcement point (LSN {answer.Lsn}; it is durable). 'heed purpose list' shows it.");
        return ExitCodes.Ok;
    }
}
