using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Relay.Configuration;
using Heed.Relay.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Heed.Cli.Relay;

/// <summary><c>heed relay</c>: enforces opt-outs on RabbitMQ queues (consume, check, forward, deny or quarantine).</summary>
public static class RelayCommand
{
    public static Command Create()
    {
        var registry = new Option<string?>("--registry") { Description = "The registry's address, e.g. http://127.0.0.1:8080 (its replication address is found there)" };
        var key = new SecretOption("key", RegistryConnection.KeyVariable, "An enforcer key");
        var config = new Option<string?>("--config") { Description = "The relay configuration file (JSON); see docs/relay.md" };
        var service = new Option<string?>("--service") { Description = "The name this relay reports to the registry (default heed-relay)" };
        var command = new Command("relay", "Enforce opt-outs on RabbitMQ queues") { registry, config, service };
        key.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            IConfiguration settings = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            string? registryUrl = parse.GetValue(registry) ?? settings["Heed:Registry"];
            string? configFile = parse.GetValue(config) ?? settings["Heed:Config"];
            var missing = new List<string>();
            string? enforcerKey = null;
            try
            {
                enforcerKey = key.Resolve(parse, Environment.GetEnvironmentVariable) ?? settings["Heed:Key"];
            }
            catch (UsageException ex)
            {
                missing.Add(ex.Message);
            }

            if (string.IsNullOrWhiteSpace(registryUrl))
            {
                missing.Add("--registry is required");
            }

            if (string.IsNullOrWhiteSpace(enforcerKey) && missing.Count == 0)
            {
                missing.Add($"an enforcer key is required: {key.Hint}");
            }

            if (string.IsNullOrWhiteSpace(configFile))
            {
                missing.Add("--config is required");
            }

            RelayConfig? relayConfig = null;
            try
            {
                relayConfig = configFile is null ? null : RelayConfigLoader.Load(configFile);
            }
            catch (RelayConfigException e)
            {
                missing.AddRange(e.Errors);
            }

            if (missing.Count > 0 || relayConfig is null)
            {
                foreach (string error in missing)
                {
                    await Console.Error.WriteLineAsync("heed relay: " + error);
                }

                return 2;
            }

            return await RunAsync(RelayHost.Create(registryUrl!, enforcerKey!, relayConfig, parse.GetValue(service)), relayConfig, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(IHost host, RelayConfig config, CancellationToken cancellationToken)
    {
        RelayStatus status = host.Services.GetRequiredService<RelayStatus>();
        await host.StartAsync(cancellationToken);
        _ = status.WhenConsuming.ContinueWith(
            t => Console.WriteLine($"heed relay: consuming {config.Queues!.Count} queue(s)"),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
        await host.WaitForShutdownAsync(cancellationToken);
        host.Dispose();
        Console.WriteLine($"heed relay: stopped: {status.Counts}");
        return status.WhenConsuming.IsFaulted && status.WhenConsuming.Exception?.InnerException is RelayTopologyException ? 1 : 0;
    }
}
