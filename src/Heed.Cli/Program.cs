using System.CommandLine;
using Heed.Cli.Commands;

RootCommand root = HeedCommand.Create();
return await root.Parse(args).InvokeAsync();
