using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Overrides;

namespace Heed.Cli.Overrides;

/// <summary>
/// <c>heed override approve ID</c> (a different admin than the requester; the approval covers exactly what was
/// requested) and <c>heed override revoke ID</c> (ends it at once). Both answer once enforced, like an opt-out.
/// </summary>
public static class OverrideWriteCommand
{
    public static Command Approve() => Create(
        "approve",
        "Approve an override another admin requested",
        answer => $"Approved override {answer.Id}: {answer.State} until {answer.EndsAt:u}.",
        "every enforcement point in scope honors it");

    public static Command Revoke() => Create(
        "revoke",
        "Revoke an override now",
        answer => $"Revoked override {answer.Id}.",
        "no enforcement point honors it any more");

    private static Command Create(string action, string description, Func<OverrideWriteResponse, string> headline, string effect)
    {
        var id = new Argument<string>("ID") { Description = "The override's id, as 'heed override request' printed it" };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var command = new Command(action, description) { id, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            OverrideWriteResponse answer = await client.SendAsync(
                HttpMethod.Post, $"v1/overrides/{Uri.EscapeDataString(parse.GetValue(id)!)}/{action}", RegistryJsonContext.Default.OverrideWriteResponse, cancellationToken);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(answer, RegistryJsonContext.Default.OverrideWriteResponse);
                return ExitCodes.Ok;
            }

            Console.WriteLine(headline(answer));
            Console.WriteLine(answer.Enforced
                ? $"Enforced at {answer.EnforcedAt:u} (LSN {answer.Lsn}): {effect}."
                : $"Not yet acknowledged by every enforcement point (LSN {answer.Lsn}; it is durable). 'heed override show {answer.Id}' tells when it is.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
