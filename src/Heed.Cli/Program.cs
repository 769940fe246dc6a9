using System.CommandLine;
using Heed.Cli.Commands;

RootCommand root = HeedCommand.Create();
ParseResult parse = root.Parse(args);
int exitCode = await parse.InvokeAsync();

// System.CommandLine prints parse errors and help itself but exits 1; the admin commands promise 2 for usage errors.
return parse.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
