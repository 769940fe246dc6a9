using System.CommandLine;
using Heed.Checks.Http;
using Heed.Cli.Commands;
using Heed.Registry.Api;

namespace Heed.Cli.Checks;

/// <summary>
/// <c>heed check SUBJECT PURPOSE [--token LSN] [--exit-code]</c>: asks the registry for a decision. A denial
/// is an answer, not an error, so it exits 0 unless <c>--exit-code</c> asks for a script-friendly status.
/// </summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var subject = new Argument<string>("SUBJECT") { Description = "kind:value, e.g. email:alice@example.com" };
        var purpose = new Argument<string>("PURPOSE") { Description = "A purpose, e.g. marketing.communications.email" };
        var token = new Option<long?>("--token") { Description = "Consistency token: the LSN of a write that the decision must reflect", HelpName = "LSN" };
        var service = new Option<string?>("--service") { Description = "The service asking, for the registry's metrics" };
        var exitCode = new Option<bool>("--exit-code") { Description = $"Exit {ExitCodes.Denied} when the answer is not allowed" };
        var json = new Option<bool>("--json") { Description = "Print the decision as JSON" };
        var command = new Command("check", "May this subject's data be used for this purpose?") { subject, purpose, token, service, exitCode, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            var request = new CheckBody(parse.GetValue(subject), parse.GetValue(purpose), parse.GetValue(service), parse.GetValue(token));
            CheckAnswer decision = await client.SendAsync(
                HttpMethod.Post,
                "v1/check",
                request,
                CheckJsonContext.Default.CheckBody,
                CheckJsonContext.Default.CheckAnswer,
                cancellationToken);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(decision, CheckJsonContext.Default.CheckAnswer);
            }
            else
            {
                Console.WriteLine(Describe(decision));
            }

            return !decision.Allowed && parse.GetValue(exitCode) ? ExitCodes.Denied : ExitCodes.Ok;
        });
        return command;
    }

    internal static string Describe(CheckAnswer decision)
    {
        string verdict = decision.Allowed ? "allowed" : "denied";
        string matched = decision.Matched is { } node ? $", matched {node}" : string.Empty;
        return $"{verdict}: {decision.Reason}{matched} (lsn {decision.Lsn}, decision {decision.DecisionId})";
    }
}
