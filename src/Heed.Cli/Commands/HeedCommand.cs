using System.CommandLine;
using Heed.Cli.Checks;
using Heed.Cli.Export;
using Heed.Cli.Gate;
using Heed.Cli.Import;
using Heed.Cli.Keys;
using Heed.Cli.OptOuts;
using Heed.Cli.Serve;

namespace Heed.Cli.Commands;

/// <summary>The <c>heed</c> root command: every role and admin command hangs off it.</summary>
public static class HeedCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Heed: create, enforce and audit opt-outs across every service.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(GateCommand.Create());
        root.Subcommands.Add(Sidecar.SidecarCommand.Create());
        root.Subcommands.Add(OptOutCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(Overrides.OverrideCommand.Create());
        root.Subcommands.Add(Settings.SettingsCommand.Create());
        root.Subcommands.Add(EnforcementPoints.EnforcementPointsCommand.Create());
        root.Subcommands.Add(Schemas.SchemaCommand.Create());
        root.Subcommands.Add(Purposes.PurposeCommand.Create());
        root.Subcommands.Add(Audit.AuditCommand.Create());
        root.Subcommands.Add(Relay.RelayCommand.Create());
        return root;
    }
}
