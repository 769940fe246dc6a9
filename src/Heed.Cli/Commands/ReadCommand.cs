using System.CommandLine;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace Heed.Cli.Commands;

/// <summary>A command that reads one registry document and prints it as a table, or as JSON with <c>--json</c>.</summary>
public static class ReadCommand
{
    /// <param name="name">The command's name.</param>
    /// <param name="description">What it lists.</param>
    /// <param name="path">The registry path it reads, e.g. <c>v1/keys</c>.</param>
    /// <param name="type">The document's JSON type.</param>
    /// <param name="table">The document as a table, for a person.</param>
    public static Command Create<T>(string name, string description, string path, JsonTypeInfo<T> type, Func<T, Table> table)
    {
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var command = new Command(name, description) { json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            T document = await client.GetAsync(path, type, cancellationToken);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(document, type);
            }
            else
            {
                Terminal.Create().Write(table(document));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
