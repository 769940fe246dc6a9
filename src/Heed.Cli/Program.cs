using System.CommandLine;
using Heed.Cli.Commands;

RootCommand root = HeedCommand.Create();
ParseResult parse = root.Parse(args);

// A bad command line gets one line per error and exit code 2, not System.CommandLine's error-plus-help
// (which exits 1, and names .NET types). --help and --version clear parse errors and run as usual.
if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
{
    UsageErrors.Write(parse, Console.Error);
    return ExitCodes.Usage;
}

return await parse.InvokeAsync();
