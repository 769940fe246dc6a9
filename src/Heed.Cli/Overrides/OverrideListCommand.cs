using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Overrides;
using Spectre.Console;

namespace Heed.Cli.Overrides;

/// <summary><c>heed override list [--state S]</c>: every override, newest first, with its state at the registry's clock.</summary>
public static class OverrideListCommand
{
    public static Command Create()
    {
        var state = new Option<string?>("--state") { Description = "Only overrides in this state", HelpName = "STATE" };
        state.AcceptOnlyFromAmong("pending", "active", "expired", "revoked");
        var json = new Option<bool>("--json") { Description = "Print the overrides as JSON" };
        var command = new Command("list", "List overrides: pending, active, expired and revoked") { state, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            OverridesResponse all = await client.GetAsync("v1/overrides", RegistryJsonContext.Default.OverridesResponse, cancellationToken);
            string? only = parse.GetValue(state);
            var shown = new OverridesResponse([.. all.Overrides.Where(o => only is null || o.State == only).OrderByDescending(o => o.RequestLsn)]);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(shown, RegistryJsonContext.Default.OverridesResponse);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("id", "state", "scope", "purposes", "subjects", "ends", "requested by", "approved by", "allowed", "reason");
            foreach (OverrideView o in shown.Overrides)
            {
                table.AddRow(
                    new Text(o.Id),
                    new Text(o.State),
                    new Text(OverrideText.Scope(o)),
                    new Text(string.Join(", ", o.Purposes)),
                    new Text(o.Subjects is null ? "all" : o.Subjects.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Text(o.EndsAt?.ToString("u") ?? "-"),
                    new Text(o.RequestedBy ?? "-"),
                    new Text(o.ApprovedBy ?? "-"),
                    new Text(o.Decisions.Total.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Text(o.Reason));
            }

            Terminal.Create().Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
