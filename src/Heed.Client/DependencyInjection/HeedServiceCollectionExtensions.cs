using Heed.Checks;
using Heed.Client;
using Heed.Client.Enforcement;
using Heed.Client.Replication;
using Heed.Client.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// Extension methods for IServiceCollection live in its namespace, as the .NET guidelines ask, so they
// show up without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Heed replica.</summary>
public static class HeedServiceCollectionExtensions
{
    /// <summary>
    /// Adds an in-process Heed replica: <see cref="IHeedEnforcer"/> for checks, and a hosted service that
    /// keeps it in sync with the registry. Options are validated when the host starts, every error at once.
    /// Until the replica holds a lease, every check answers <c>unconfirmed</c> (not allowed).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="HeedOptions"/>; at least RegistryUrl and Key.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddHeed(this IServiceCollection services, Action<HeedOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<HeedOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HeedOptions>, HeedOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HeedEnforcer>();
        services.TryAddSingleton<IHeedEnforcer>(sp => sp.GetRequiredService<HeedEnforcer>());
        services.TryAddSingleton<IDecisionSource>(sp => sp.GetRequiredService<IHeedEnforcer>());
        services.AddMetrics();
        services.TryAddSingleton<HeedMetrics>();
        services.TryAddSingleton<SchemaRejectionMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HeedReplicaService>());
        return services;
    }
}
