using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Schemas;

namespace Heed.Cli.Schemas;

/// <summary>
/// <c>heed schema register TYPE --version N [--subject-pointer P] --purpose P… [--dataschema URI]</c>: registers a
/// version of a CloudEvents type. A new version keeps the subject where the highest version has it and all its
/// purposes; a breaking change gets a new type.
/// </summary>
public static class SchemaRegisterCommand
{
    public static Command Create()
    {
        var type = new Argument<string>("TYPE") { Description = "The CloudEvents type, e.g. com.example.order.placed" };
        var version = new Option<int>("--version") { Description = "The version, as events carry it in the schemaversion attribute (from 1, above every registered one)", Required = true, HelpName = "N" };
        var pointer = new Option<string?>("--subject-pointer") { Description = "A JSON pointer into data where the subject is, e.g. /customer/id (default: the subject attribute)", HelpName = "POINTER" };
        var purposes = new Option<string[]>("--purpose") { Description = "A purpose these events are processed for; repeat for more", Required = true, HelpName = "PURPOSE", AllowMultipleArgumentsPerToken = true };
        var dataschema = new Option<string?>("--dataschema") { Description = "The dataschema URI this version declares", HelpName = "URI" };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var command = new Command("register", "Register a version of a CloudEvents type") { type, version, pointer, purposes, dataschema, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            var body = new SchemaRegisterBody(parse.GetValue(type), parse.GetValue(version), parse.GetValue(pointer), [.. parse.GetValue(purposes) ?? []], parse.GetValue(dataschema));
            SchemaWriteResponse answer = await client.SendAsync(
                HttpMethod.Post, "v1/schemas", body, RegistryJsonContext.Default.SchemaRegisterBody, RegistryJsonContext.Default.SchemaWriteResponse, cancellationToken);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(answer, RegistryJsonContext.Default.SchemaWriteResponse);
                return ExitCodes.Ok;
            }

            Console.WriteLine($"Registered {answer.Type} version {answer.Version} ({answer.Status}).");
            Console.WriteLine(SchemaCommand.Acknowledgement(answer.Enforced, answer.EnforcedAt, answer.Lsn, "every gate and relay accepts it"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
