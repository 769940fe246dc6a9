using System.CommandLine;
using System.Globalization;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Schemas;
using Spectre.Console;

namespace Heed.Cli.Schemas;

/// <summary><c>heed schema list [TYPE]</c>: every type (or one), its minimum and its versions.</summary>
public static class SchemaListCommand
{
    public static Command Create()
    {
        var type = new Argument<string?>("TYPE") { Description = "Only this CloudEvents type", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var command = new Command("list", "List the registered types and versions") { type, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            string? only = parse.GetValue(type);
            List<SchemaTypeView> types = only is null
                ? (await client.GetAsync("v1/schemas", RegistryJsonContext.Default.SchemasResponse, cancellationToken)).Types
                : [await client.GetAsync(SchemaCommand.TypePath(only), RegistryJsonContext.Default.SchemaTypeView, cancellationToken)];
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(new SchemasResponse(types), RegistryJsonContext.Default.SchemasResponse);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("type", "version", "status", "subject", "purposes", "dataschema", "minimum", "lsn");
            foreach (SchemaTypeView t in types)
            {
                foreach (SchemaVersionView v in t.Versions)
                {
                    table.AddRow(
                        new Text(t.Type),
                        new Text(v.Version.ToString(CultureInfo.InvariantCulture)),
                        new Text(v.Status),
                        new Text(v.SubjectPointer ?? "subject attribute"),
                        new Text(string.Join(", ", v.Purposes)),
                        new Text(v.Dataschema ?? "-"),
                        new Text(t.MinVersion == 0 ? "-" : t.MinVersion.ToString(CultureInfo.InvariantCulture)),
                        new Text((v.StatusLsn ?? v.Lsn).ToString(CultureInfo.InvariantCulture)));
                }
            }

            Terminal.Create().Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
