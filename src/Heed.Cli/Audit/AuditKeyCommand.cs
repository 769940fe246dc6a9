using System.CommandLine;
using Heed.Cli.Commands;

namespace Heed.Cli.Audit;

/// <summary>
/// <c>heed audit key</c>: prints the checkpoint verifier key, <c>name+hexid+base64</c> (docs/audit.md), from a running
/// registry (<c>GET /v1/audit/key</c>) or, with <c>--data DIR</c>, derived from <c>DIR/audit.key</c>. Keep it somewhere
/// the registry cannot change, and give it to <c>heed audit verify --verifier</c>.
/// </summary>
public static class AuditKeyCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Read the key from this data directory's audit.key instead of asking a registry", HelpName = "DIR" };
        var command = new Command("key", "Print the checkpoint verifier key (name+hexid+base64)") { data };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetMappedAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(data) is { } directory)
            {
                if (connection.RegistryGiven(parse))
                {
                    throw new UsageException("give either --data or --registry, not both");
                }

                await Console.Out.WriteLineAsync(AuditDataDirectory.VerifierKey(directory));
                return ExitCodes.Ok;
            }

            using RegistryClient client = connection.CreateClient(parse);
            await Console.Out.WriteLineAsync((await client.GetTextAsync("v1/audit/key", cancellationToken)).Trim());
            return ExitCodes.Ok;
        });
        return command;
    }
}
