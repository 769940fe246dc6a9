using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace Heed.Cli.Commands;

/// <summary>Where commands print: Spectre.Console for people, one JSON document per line for scripts.</summary>
public static class Terminal
{
    /// <summary>Progress bars and live rendering only make sense when a person watches stdout.</summary>
    public static bool IsInteractive => !Console.IsOutputRedirected;

    /// <summary>
    /// A console on stdout. When stdout is redirected the width is fixed and wide, so tables are not
    /// wrapped at 80 columns in a log or a pipe.
    /// </summary>
    public static IAnsiConsole Create()
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (!IsInteractive)
        {
            console.Profile.Width = 200;
        }

        return console;
    }

    public static void WriteJson<T>(T value, JsonTypeInfo<T> type) => Console.Out.WriteLine(JsonSerializer.Serialize(value, type));
}
