using System.CommandLine;
using System.CommandLine.Parsing;

namespace Heed.Cli.Commands;

/// <summary>
/// Runs an admin command against the registry and maps what can go wrong to the shared exit codes: usage
/// errors to 2, problem answers to 1, an unreachable registry to 3. Commands only describe the happy path.
/// </summary>
public static class RegistryCommand
{
    public static void SetRegistryAction(this Command command, RegistryConnection connection, Func<ParseResult, RegistryClient, CancellationToken, Task<int>> action) =>
        command.SetMappedAction(async (parse, cancellationToken) =>
        {
            using RegistryClient client = connection.CreateClient(parse);
            return await action(parse, client, cancellationToken);
        });

    /// <summary>The same mapping of exit codes for a command that may or may not talk to a registry (offline modes).</summary>
    public static void SetMappedAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await action(parse, cancellationToken);
            }
            catch (UsageException ex)
            {
                await Console.Error.WriteLineAsync($"{PathOf(parse.CommandResult)}: {ex.Message}");
                return ExitCodes.Usage;
            }
            catch (RegistryException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return ex.ExitCode;
            }
        });
    }

    /// <summary>"heed keys list": the command as typed, so a message names where it came from.</summary>
    private static string PathOf(CommandResult command)
    {
        var names = new Stack<string>();
        for (SymbolResult? result = command; result is not null; result = result.Parent)
        {
            if (result is CommandResult { Command: var c })
            {
                names.Push(c is RootCommand ? "heed" : c.Name);
            }
        }

        return string.Join(' ', names);
    }
}
