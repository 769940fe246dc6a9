using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;

namespace Heed.Cli.OptOuts;

/// <summary>
/// <c>heed optout set SUBJECT PURPOSE [--source S] [--jurisdiction J] [--evidence E]</c> and
/// <c>heed optout clear SUBJECT PURPOSE</c>: one write, answered once it is enforced (or its deadline passed).
/// </summary>
public static class OptOutWriteCommand
{
    public static Command Create(bool clear)
    {
        var subject = new Argument<string>("SUBJECT") { Description = "kind:value, e.g. email:alice@example.com" };
        var purpose = new Argument<string>("PURPOSE") { Description = "A purpose, e.g. marketing.communications.email" };
        var json = new Option<bool>("--json") { Description = "Print the registry's answer as JSON" };
        var command = clear
            ? new Command("clear", "Clear a subject's opt-out of a purpose and of everything below it (re-consent)") { subject, purpose, json }
            : new Command("set", "Opt a subject out of a purpose and of everything below it") { subject, purpose, json };

        var source = new Option<string?>("--source") { Description = "Where the opt-out came from (default: api)" };
        var jurisdiction = new Option<string?>("--jurisdiction") { Description = "The law it was made under, e.g. CCPA, GDPR" };
        var evidence = new Option<string?>("--evidence") { Description = "A reference to the request: ticket, form submission, recording" };
        if (!clear)
        {
            command.Options.Add(source);
            command.Options.Add(jurisdiction);
            command.Options.Add(evidence);
        }

        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            string path = $"v1/subjects/{Uri.EscapeDataString(parse.GetValue(subject)!)}/optouts/{Uri.EscapeDataString(parse.GetValue(purpose)!)}";
            WriteResponse response = clear
                ? await client.SendAsync(HttpMethod.Delete, path, RegistryJsonContext.Default.WriteResponse, cancellationToken)
                : await client.SendAsync(
                    HttpMethod.Put,
                    path,
                    new OptOutWriteBody(parse.GetValue(source), parse.GetValue(jurisdiction), parse.GetValue(evidence)),
                    RegistryJsonContext.Default.OptOutWriteBody,
                    RegistryJsonContext.Default.WriteResponse,
                    cancellationToken);

            if (parse.GetValue(json))
            {
                Terminal.WriteJson(response, RegistryJsonContext.Default.WriteResponse);
            }
            else
            {
                Console.WriteLine(Describe(response, clear));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string Describe(WriteResponse response, bool clear)
    {
        string state = (response.State, clear, response.Changed) switch
        {
            ("opted_out", false, true) => $"{response.Subject} is opted out of {response.Purpose}",
            ("opted_out", false, false) => $"{response.Subject} was already opted out of {response.Purpose}; nothing changed",
            ("opted_out", true, true) => $"cleared, but {response.Subject} is still opted out of {response.Purpose} through a broader opt-out",
            ("opted_out", true, false) => $"{response.Subject} was not opted out of {response.Purpose} itself, and is still opted out of it through a broader opt-out; nothing changed",
            (_, true, true) => $"{response.Subject} is no longer opted out of {response.Purpose}",
            (_, true, false) => $"{response.Subject} was not opted out of {response.Purpose}; nothing changed",
            _ => $"{response.Subject}: {response.Purpose} is {response.State}",
        };
        string enforced = response.Enforced
            ? $"enforced at {response.EnforcedAt:O}"
            : "durable, not yet acknowledged by every enforcement point; 'heed optout show' tells when it is";
        return $"{state} (lsn {response.Lsn}; {enforced})";
    }
}
