using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;
using Heed.Registry.Keys;

namespace Heed.Cli.Keys;

/// <summary><c>heed keys create --role R [--name N]</c>: the new key's secret is printed once and never again.</summary>
public static class KeyCreateCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = "admin, writer, enforcer, auditor or recorder", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var name = new Option<string?>("--name") { Description = "What the key is for, e.g. the service that uses it" };
        var json = new Option<bool>("--json") { Description = "Print id, role, name and key as JSON" };
        var command = new Command("create", "Create a key; its secret is shown once") { role, name, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            KeyCreatedResponse created = await client.SendAsync(
                HttpMethod.Post,
                "v1/keys",
                new KeyCreateRequest(parse.GetValue(role), parse.GetValue(name)),
                RegistryJsonContext.Default.KeyCreateRequest,
                RegistryJsonContext.Default.KeyCreatedResponse,
                cancellationToken);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(created, RegistryJsonContext.Default.KeyCreatedResponse);
            }
            else
            {
                string named = created.Name.Length > 0 ? $" '{created.Name}'" : string.Empty;
                Console.WriteLine($"Created {created.Role} key {created.Id}{named}. The secret is shown once; keep it safe:");
                Console.WriteLine("  " + created.Key);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
