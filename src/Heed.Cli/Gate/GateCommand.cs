using System.CommandLine;
using Heed.Gate.Configuration;
using Heed.Gate.Hosting;

namespace Heed.Cli.Gate;

/// <summary><c>heed gate</c>: HTTP enforcement on YARP. Routes and clusters come from the config file.</summary>
public static class GateCommand
{
    public static Command Create()
    {
        var registry = new Option<string?>("--registry") { Description = "The registry's replication (gRPC) address, e.g. http://127.0.0.1:8081" };
        var key = new Option<string?>("--key") { Description = "An enforcer key for the gate's replica" };
        var config = new Option<string>("--config") { Description = "JSON file: ReverseProxy (YARP routes and clusters with Heed.* metadata) and Heed settings", Required = true };
        var urls = new Option<string?>("--urls") { Description = "Where the gate listens (default http://127.0.0.1:8282)" };
        var registryHttp = new Option<string?>("--registry-http") { Description = "The registry's HTTP API, where GPC opt-outs are written, e.g. http://127.0.0.1:8080" };
        var writerKey = new Option<string?>("--writer-key") { Description = "A writer key, to record Global Privacy Control opt-outs" };
        var command = new Command("gate", "Run an enforcing HTTP reverse proxy (YARP) in front of services") { registry, key, config, urls, registryHttp, writerKey };
        command.SetAction(async (parse, cancellationToken) =>
        {
            GateHandle handle;
            try
            {
                handle = GateApp.Create(parse.GetRequiredValue(config), o =>
                {
                    o.RegistryUrl = parse.GetValue(registry) ?? o.RegistryUrl;
                    o.Key = parse.GetValue(key) ?? o.Key;
                    o.Urls = parse.GetValue(urls) ?? o.Urls;
                    o.RegistryHttp = parse.GetValue(registryHttp) ?? o.RegistryHttp;
                    o.WriterKey = parse.GetValue(writerKey) ?? o.WriterKey;
                });
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
