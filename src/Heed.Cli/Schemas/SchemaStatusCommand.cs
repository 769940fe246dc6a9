using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Schemas;

namespace Heed.Cli.Schemas;

/// <summary>
/// <c>heed schema deprecate TYPE N</c> (still accepted; producers should move on) and <c>heed schema retire TYPE N</c>
/// (refused everywhere once enforced; for good). Both answer once enforced, like an opt-out.
/// </summary>
public static class SchemaStatusCommand
{
    public static Command Deprecate() => Create("deprecate", "Deprecate a version: still accepted, producers should move to a newer one", "it is still accepted, marked deprecated");

    public static Command Retire() => Create("retire", "Retire a version: refused by every gate and relay from then on (there is no way back)", "no gate or relay accepts it any more");

    private static Command Create(string action, string description, string effect)
    {
        var type = new Argument<string>("TYPE") { Description = "The CloudEvents type" };
        var version = new Argument<int>("N") { Description = "The version" };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var command = new Command(action, description) { type, version, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            SchemaWriteResponse answer = await client.SendAsync(
                HttpMethod.Post,
                $"{SchemaCommand.TypePath(parse.GetValue(type)!)}/versions/{parse.GetValue(version)}/{action}",
                RegistryJsonContext.Default.SchemaWriteResponse,
                cancellationToken);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(answer, RegistryJsonContext.Default.SchemaWriteResponse);
                return ExitCodes.Ok;
            }

            Console.WriteLine($"{answer.Type} version {answer.Version} is {answer.Status}.");
            Console.WriteLine(SchemaCommand.Acknowledgement(answer.Enforced, answer.EnforcedAt, answer.Lsn, effect));
            return ExitCodes.Ok;
        });
        return command;
    }
}
