using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Gate.Configuration;
using Heed.Gate.Hosting;

namespace Heed.Cli.Gate;

/// <summary><c>heed gate</c>: HTTP enforcement on YARP. Routes and clusters come from the config file.</summary>
public static class GateCommand
{
    /// <summary>Where the gate's recorder key may come from instead of <c>--writer-key-file</c>.</summary>
    public const string WriterKeyVariable = "HEED_WRITER_KEY";

    public static Command Create()
    {
        var registry = new Option<string?>("--registry") { Description = "The registry's address, e.g. http://127.0.0.1:8080 (its replication address is found there)" };
        var key = new SecretOption("key", RegistryConnection.KeyVariable, "An enforcer key for the gate's replica");
        var config = new Option<string>("--config") { Description = "JSON file: ReverseProxy (YARP routes and clusters with Heed.* metadata) and Heed settings", Required = true };
        var urls = new Option<string?>("--urls") { Description = "Where the gate listens (default http://127.0.0.1:8282)" };
        var registryHttp = new Option<string?>("--registry-http") { Description = "The registry's HTTP API, where GPC opt-outs are written (default --registry)" };
        var writerKey = new SecretOption("writer-key", WriterKeyVariable, "A recorder key, to record Global Privacy Control opt-outs");
        var command = new Command("gate", "Run an enforcing HTTP reverse proxy (YARP) in front of services") { registry, config, urls, registryHttp };
        key.AddTo(command);
        writerKey.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            GateHandle handle;
            try
            {
                string? enforcer = key.Resolve(parse, Environment.GetEnvironmentVariable);
                string? recorder = writerKey.Resolve(parse, Environment.GetEnvironmentVariable);
                handle = GateApp.Create(parse.GetRequiredValue(config), o =>
                {
                    o.RegistryUrl = parse.GetValue(registry) ?? o.RegistryUrl;
                    o.Key = enforcer ?? o.Key;
                    o.Urls = parse.GetValue(urls) ?? o.Urls;
                    o.RegistryHttp = parse.GetValue(registryHttp) ?? o.RegistryHttp;
                    o.WriterKey = recorder ?? o.WriterKey;
                });
            }
            catch (UsageException ex)
            {
                await Console.Error.WriteLineAsync("heed gate: " + ex.Message);
                return 2;
            }
            catch (GateConfigurationException ex)
            {
                foreach (string error in ex.Errors)
                {
                    await Console.Error.WriteLineAsync("heed gate: " + error);
                }

                return 2;
            }

            await using (handle)
            {
                await handle.App.StartAsync(cancellationToken);
                Console.WriteLine($"heed gate: listening on {handle.Url} (registry {parse.GetValue(registry)})");
                await handle.App.WaitForShutdownAsync(cancellationToken);
            }

            return 0;
        });
        return command;
    }
}
