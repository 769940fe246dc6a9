using System.CommandLine;
using Heed.Cli.Relay;
using Heed.Cli.Serve;

namespace Heed.Cli.Commands;

/// <summary>The <c>heed</c> root command: every role and admin command hangs off it.</summary>
public static class HeedCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Heed: create, enforce and audit opt-outs across every service.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(RelayCommand.Create());
        return root;
    }
}
