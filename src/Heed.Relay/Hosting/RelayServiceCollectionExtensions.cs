using Heed.Client.Telemetry;
using Heed.Relay.Audit;
using Heed.Relay.Configuration;
using Heed.Relay.Hosting;
using Heed.Relay.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

// Extension methods for IServiceCollection live in its namespace, as the .NET guidelines ask.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the RabbitMQ relay. Call <c>AddHeed</c> first, with <c>Kind = ReplicaKinds.Relay</c>:
/// hosted services stop in reverse order, so the relay drains while its replica still answers.</summary>
public static class RelayServiceCollectionExtensions
{
    public static IServiceCollection AddHeedRelay(this IServiceCollection services, RelayConfig config)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(config);
        IReadOnlyList<string> errors = RelayConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            throw new RelayConfigException(errors);
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(config);
        services.TryAddSingleton<RelayMetrics>();
        services.TryAddSingleton<SchemaRejectionMetrics>();
        services.TryAddSingleton<DenialAudit>();
        services.TryAddSingleton<RelayStatus>();
        services.AddSingleton<IHostedService, RelayService>();
        return services;
    }
}
