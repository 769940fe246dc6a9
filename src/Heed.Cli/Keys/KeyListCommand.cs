using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;
using Spectre.Console;

namespace Heed.Cli.Keys;

/// <summary><c>heed keys list</c>: every key, revoked ones included, without secrets.</summary>
public static class KeyListCommand
{
    public static Command Create() => ReadCommand.Create("list", "List keys (never their secrets)", "v1/keys", RegistryJsonContext.Default.KeysResponse, Table);

    private static Table Table(KeysResponse keys)
    {
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

        return table;
    }
}
