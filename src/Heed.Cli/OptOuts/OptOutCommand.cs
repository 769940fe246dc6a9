using System.CommandLine;

namespace Heed.Cli.OptOuts;

/// <summary><c>heed optout set|clear|show</c>: one subject's opt-outs.</summary>
public static class OptOutCommand
{
    public static Command Create() => new("optout", "Set, clear and show a subject's opt-outs")
    {
        OptOutWriteCommand.Create(clear: false),
        OptOutWriteCommand.Create(clear: true),
        OptOutShowCommand.Create(),
    };
}
