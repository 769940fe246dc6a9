using Heed.Storage.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Monitoring.Violations;

/// <summary>Wires violation detection into the registry: the store in <c>monitoring.db</c>, the log and recorder, the
/// evidence, the detector, and the API's JSON.</summary>
public static class ViolationServices
{
    public static IServiceCollection AddViolations(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ViolationStore(sp.GetRequiredService<MonitoringDatabase>()));
        services.AddSingleton<ViolationLog>();
        services.AddSingleton<IViolationLog>(sp => sp.GetRequiredService<ViolationLog>());
        services.AddSingleton<IViolationRecorder>(sp => sp.GetRequiredService<ViolationLog>());
        services.AddSingleton<ViolationEvidence>();
        services.AddSingleton<ViolationDetector>();
        services.AddHostedService(sp => sp.GetRequiredService<ViolationDetector>());
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(ViolationJsonContext.Default));
        return services;
    }
}
