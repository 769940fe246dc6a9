using System.CommandLine;
using Heed.Cli.Commands;

namespace Heed.Cli.Keys;

/// <summary><c>heed keys revoke ID</c>: the key stops working at once; the ledger keeps that it existed.</summary>
public static class KeyRevokeCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The key's id, as 'heed keys list' shows it" };
        var command = new Command("revoke", "Revoke a key") { id };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            string keyId = parse.GetValue(id)!;
            await client.SendAsync(HttpMethod.Delete, $"v1/keys/{Uri.EscapeDataString(keyId)}", cancellationToken);
            Console.WriteLine($"Revoked key {keyId}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
