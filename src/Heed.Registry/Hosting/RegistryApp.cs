using Heed.Core.Purposes;
using Heed.Registry.Api;
using Heed.Registry.State;
using Heed.Registry.Telemetry;
using Heed.Registry.Writes;
using Heed.Storage.GroupCommit;
using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;

namespace Heed.Registry.Hosting;

/// <summary>
/// Builds the registry (<c>heed serve</c>): opens the store, rebuilds state from it, seeds the admin
/// key, and maps the HTTP API. Startup is async so the server only listens once state is loaded.
/// </summary>
public static class RegistryApp
{
    /// <summary>Creates the registry application. <paramref name="configure"/> may add services (replication, tests).</summary>
    public static async Task<RegistryHandle> CreateAsync(RegistryOptions options, string[]? args = null, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new RegistryConfigurationException(errors);
        }

        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [] });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestBody.BatchLimit * 2L);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        TimeProvider time = TimeProvider.System;
        ILedgerStore store = await OpenStoreAsync(options, cancellationToken);
        var state = new RegistryState(DefaultTaxonomy.Create());
        await state.LoadAsync(store, cancellationToken);
        var writer = new GroupCommitWriter(store, state.Apply);
        string? firstKey = await AdminKeySeeder.SeedAsync(options, state, writer, time);

        IServiceCollection services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton(store);
        services.AddSingleton(state);
        services.AddSingleton(writer);
        services.AddSingleton<LsnWatch>();
        services.TryAddSingleton<IEnforcementAcknowledger, CommitAcknowledger>();
        services.AddSingleton<WritePipeline>();
        services.AddSingleton<RegistryMetrics>();
        services.AddHostedService<RegistryLifetime>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, RegistryJsonContext.Default));
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(RegistryMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        app.MapOptOutEndpoints();
        app.MapExportEndpoints();
        app.MapCheckEndpoints();
        app.MapAdminEndpoints();
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return new RegistryHandle(app, firstKey);
    }

    private static async Task<ILedgerStore> OpenStoreAsync(RegistryOptions options, CancellationToken cancellationToken) => options.Store switch
    {
        "sqlite" => await SqliteLedgerStore.OpenAsync(options.Data, cancellationToken),
        _ => throw new RegistryConfigurationException([$"store '{options.Store}' is not available in this build"]),
    };
}
