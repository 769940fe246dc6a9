using System.CommandLine;
using System.Globalization;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Overrides;

namespace Heed.Cli.Overrides;

/// <summary><c>heed override show ID</c>: what a reviewer sees: scope, reason, who asked and who approved, the
/// ledger positions, and how many decisions it turned into an allow on each enforcement point.</summary>
public static class OverrideShowCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The override's id" };
        var json = new Option<bool>("--json") { Description = "Print the override as JSON" };
        var command = new Command("show", "Show one override and its decisions per enforcement point") { id, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            OverrideView o = await client.GetAsync($"v1/overrides/{Uri.EscapeDataString(parse.GetValue(id)!)}", RegistryJsonContext.Default.OverrideView, cancellationToken);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(o, RegistryJsonContext.Default.OverrideView);
                return ExitCodes.Ok;
            }

            Console.WriteLine($"override    {o.Id}");
            Console.WriteLine($"state       {o.State}{(o.ReportOnly ? " (report only)" : string.Empty)}");
            Console.WriteLine($"scope       {OverrideText.Scope(o)}");
            Console.WriteLine($"purposes    {string.Join(", ", o.Purposes)}");
            Console.WriteLine($"subjects    {(o.Subjects is null ? "all" : string.Join(", ", o.Subjects))}");
            Console.WriteLine($"ttl         {TimeSpan.FromSeconds(o.TtlSeconds)}");
            Console.WriteLine($"reason      {o.Reason}");
            Console.WriteLine($"requested   {o.RequestedAt:u} by {o.RequestedBy ?? "-"} (LSN {o.RequestLsn}, hash {o.RequestHash})");
            Console.WriteLine($"approved    {(o.ApprovedAt is { } approved ? $"{approved:u} by {o.ApprovedBy} (LSN {o.ApproveLsn})" : "-")}");
            Console.WriteLine($"ends        {(o.EndsAt is { } ends ? ends.ToString("u", CultureInfo.InvariantCulture) : "-")}");
            Console.WriteLine($"revoked     {(o.RevokedAt is { } revoked ? $"{revoked:u} by {o.RevokedBy} (LSN {o.RevokeLsn})" : "-")}");
            Console.WriteLine($"allowed     {o.Decisions.Total} decisions");
            foreach ((string point, long count) in o.Decisions.ByEnforcementPoint.OrderByDescending(p => p.Value))
            {
                Console.WriteLine($"  {point,-34} {count}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
