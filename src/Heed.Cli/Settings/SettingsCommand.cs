using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Settings;
using Spectre.Console;

namespace Heed.Cli.Settings;

/// <summary>
/// <c>heed settings list|set NAME VALUE</c>: the registry's settings, e.g. <c>overrides.singleApprover</c>. Each
/// change is a ledger entry, so the audit log shows who relaxed a rule and when. Setting needs an admin key.
/// </summary>
public static class SettingsCommand
{
    public static Command Create() => new("settings", "List and change registry settings (each change is a ledger entry)")
    {
        List(),
        Set(),
    };

    private static Command List() => ReadCommand.Create(
        "list", "List every setting, its value, its default and who set it", "v1/settings", RegistryJsonContext.Default.SettingsResponse, Table);

    private static Table Table(SettingsResponse settings)
    {
        var table = new Table().AddColumns("name", "value", "default", "set", "by", "lsn");
        foreach (SettingView s in settings.Settings)
        {
            table.AddRow(
                new Text(s.Name),
                new Text(s.Value),
                new Text(s.Default),
                new Text(s.SetAt?.ToString("u") ?? "-"),
                new Text(s.SetBy ?? "-"),
                new Text(s.Lsn?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"));
        }

        return table;
    }

    private static Command Set()
    {
        var name = new Argument<string>("NAME") { Description = "The setting, e.g. overrides.singleApprover" };
        var value = new Argument<string>("VALUE") { Description = "Its new value, e.g. true" };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var command = new Command("set", "Change a setting") { name, value, json };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetRegistryAction(connection, async (parse, client, cancellationToken) =>
        {
            string setting = parse.GetValue(name)!;
            SettingWriteResponse written = await client.SendAsync(
                HttpMethod.Put,
                $"v1/settings/{Uri.EscapeDataString(setting)}",
                new SettingWriteBody(parse.GetValue(value)),
                RegistryJsonContext.Default.SettingWriteBody,
                RegistryJsonContext.Default.SettingWriteResponse,
                cancellationToken);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(written, RegistryJsonContext.Default.SettingWriteResponse);
            }
            else
            {
                Console.WriteLine($"Set {written.Name} = {written.Value} (LSN {written.Lsn}).");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
