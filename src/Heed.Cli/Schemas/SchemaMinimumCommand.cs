using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Schemas;

namespace Heed.Cli.Schemas;

/// <summary><c>heed schema minimum TYPE N</c>: raises a type's minimum accepted version (never lowered); answers once enforced.</summary>
public static class SchemaMinimumCommand
{
    public static Command Create()
    {
        var type = new Argument<string>("TYPE") { Description = "The CloudEvents type" };
        var version = new Argument<int>("N") { Description = "The lowest version accepted from now on (at most the highest registered one)" };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var command = new Command("minimum", "Raise a type's minimum accepted version") { type, version, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            SchemaMinimumResponse answer = await client.SendAsync(
                HttpMethod.Put,
                $"{SchemaCommand.TypePath(parse.GetValue(type)!)}/minimum",
                new SchemaMinimumBody(parse.GetValue(version)),
                RegistryJsonContext.Default.SchemaMinimumBody,
                RegistryJsonContext.Default.SchemaMinimumResponse,
                cancellationToken);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(answer, RegistryJsonContext.Default.SchemaMinimumResponse);
                return ExitCodes.Ok;
            }

            Console.WriteLine($"{answer.Type} accepts version {answer.MinVersion} and above.");
            Console.WriteLine(SchemaCommand.Acknowledgement(answer.Enforced, answer.EnforcedAt, answer.Lsn, $"no gate or relay accepts a version below {answer.MinVersion}"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
