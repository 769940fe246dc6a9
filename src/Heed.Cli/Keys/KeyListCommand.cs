using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;
using Spectre.Console;

namespace Heed.Cli.Keys;

/// <summary><c>heed keys list</c>: every key, revoked ones included, without secrets.</summary>
public static class KeyListCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the keys as JSON" };
        var command = new Command("list", "List keys (never their secrets)") { json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            KeysResponse keys = await client.GetAsync("v1/keys", RegistryJsonContext.Default.KeysResponse, cancellationToken);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(keys, RegistryJsonContext.Default.KeysResponse);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("id", "role", "name", "created", "revoked");
            foreach (KeyView key in keys.Keys.OrderBy(k => k.Created))
            {
                table.AddRow(
                    new Text(key.Id),
                    new Text(key.Role),
                    new Text(key.Name),
                    new Text(key.Created.ToString("u")),
                    new Text(key.Revoked?.ToString("u") ?? "active"));
            }

            Terminal.Create().Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
