using Heed.Client;
using Heed.Client.Enforcement;
using Heed.Gate.Configuration;
using Heed.Gate.Enforcement;
using Heed.Gate.Gpc;
using Heed.Gate.Policies;
using Heed.Gate.Subjects;
using Heed.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Heed.Gate.Hosting;

/// <summary>
/// Builds <c>heed gate</c>: YARP with Heed enforcement in its pipeline, a replica of the registry, GPC
/// recording, and the gate's own endpoints. Routes and clusters are YARP's <c>ReverseProxy</c> section of
/// the config file; gate settings are its <c>Heed</c> section (flags override them). Every configuration
/// error, of the gate and of every route, is reported at once.
/// </summary>
public static class GateApp
{
    public static GateHandle Create(string configFile, Action<GateOptions>? overrides = null, Action<WebApplicationBuilder>? configure = null)
    {
        if (!File.Exists(configFile))
        {
            throw new GateConfigurationException([$"--config: the file '{configFile}' does not exist"]);
        }

        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        // The health check service logs every failed probe with a stack trace; /readyz already says why,
        // and the replica logs each cause once.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);

        var options = new GateOptions();
        builder.Configuration.GetSection("Heed").Bind(options);
        overrides?.Invoke(options);
        options.RegistryHttp ??= options.RegistryUrl;
        List<string> errors = GateOptionsValidator.Validate(options);
        if (errors.Count > 0)
        {
            throw new GateConfigurationException(errors);
        }

        builder.WebHost.UseUrls(options.Urls);
        IServiceCollection services = builder.Services;
        services.AddSingleton(Options.Create(options));
        services.AddHeed(o =>
        {
            o.RegistryUrl = options.RegistryUrl;
            o.Key = options.Key;
            o.Service = options.Service;
            o.Kind = ReplicaKinds.Gate;
        });
        services.AddHealthChecks().AddHeedLease(tags: ["ready"]);
        services.AddSingleton<RoutePolicies>();
        services.AddSingleton<JwtSubjectReader>();
        services.AddSingleton<GpcRecorder>();
        services.AddHttpClient(GpcRecorder.HttpClientName, c => c.BaseAddress = new Uri(options.RegistryHttp!.TrimEnd('/') + "/"));
        services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(t => t.RequestTransforms.Add(new RedactionTransform()));
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        IProxyConfig proxy = app.Services.GetRequiredService<IProxyConfigProvider>().GetConfig();
        errors = app.Services.GetRequiredService<RoutePolicies>().Validate(proxy.Routes);
        if (proxy.Routes.Count == 0)
        {
            errors.Add("ReverseProxy:Routes is empty: the gate has nothing to proxy");
        }

        if (errors.Count > 0)
        {
            throw new GateConfigurationException(errors);
        }

        app.UseGpcResponseHeader();
        app.MapGateEndpoints();
        app.MapReverseProxy(p =>
        {
            // Enforcement first, so a denied request never picks a destination; then YARP's default steps.
            p.UseHeedEnforcement();
            p.UseSessionAffinity();
            p.UseLoadBalancing();
            p.UsePassiveHealthChecks();
        });
        return new GateHandle(app, new GateReadiness(app.Services.GetRequiredService<IHeedEnforcer>()));
    }
}
