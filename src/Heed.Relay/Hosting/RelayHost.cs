using Heed.Protocol;
using Heed.Relay.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Heed.Relay.Hosting;

/// <summary>Builds the process that <c>heed relay</c> runs: a replica of kind relay plus the relay itself.</summary>
public static class RelayHost
{
    /// <param name="registryUrl">The registry's HTTP address (or its replication address).</param>
    /// <param name="key">An enforcer key.</param>
    /// <param name="config">A validated configuration.</param>
    /// <param name="service">The name the replica reports; <c>heed-relay</c> by default.</param>
    /// <param name="configure">Last changes to the builder (logging, test doubles).</param>
    public static IHost Create(string registryUrl, string key, RelayConfig config, string? service = null, Action<HostApplicationBuilder>? configure = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = service ?? "heed-relay",
            DisableDefaults = false,
        });

        // Draining waits for confirms of the deliveries in flight; give it more than the 30 s default.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(1));
        builder.Services.AddHeed(o =>
        {
            o.RegistryUrl = registryUrl;
            o.Key = key;
            o.Service = service ?? "heed-relay";
            o.Kind = ReplicaKinds.Relay;
        });
        builder.Services.AddHeedRelay(config);
        configure?.Invoke(builder);
        return builder.Build();
    }
}
