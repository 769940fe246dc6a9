using System.Text.Encodings.Web;
using Heed.Checks.Http;
using Heed.Core.Leases;
using Heed.Core.Purposes;
using Heed.Registry.Api;
using Heed.Registry.Audit;
using Heed.Registry.Keys;
using Heed.Registry.Monitoring;
using Heed.Registry.Monitoring.Alerts;
using Heed.Registry.Monitoring.Receipts;
using Heed.Registry.Monitoring.Violations;
using Heed.Registry.Overrides;
using Heed.Registry.Purposes;
using Heed.Registry.Replication;
using Heed.Registry.Schemas;
using Heed.Registry.Settings;
using Heed.Registry.State;
using Heed.Registry.Telemetry;
using Heed.Registry.Writes;
using Heed.Storage.DataDirectory;
using Heed.Storage.Enforcement;
using Heed.Storage.GroupCommit;
using Heed.Storage.Ledger;
using Heed.Storage.Monitoring;
using Heed.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
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
    /// <param name="timeProvider">The registry's clock: leases, acknowledgement, override ends; the system clock unless a test fakes it.</param>
    public static async Task<RegistryHandle> CreateAsync(RegistryOptions options, string[]? args = null, Action<WebApplicationBuilder>? configure = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new RegistryConfigurationException(errors);
        }

        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [] });
        var endpoints = new RegistryEndpoints();
        ListenAddress http = ListenAddress.Parse(options.Urls);
        ListenAddress grpc = ListenAddress.ParseOrBeside(options.GrpcUrls, http);
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Kestrel's limits from configuration (Kestrel__Limits__…), which Kestrel itself does not read:
            // e.g. more HTTP/2 streams per connection for a client multiplexing many replica sessions.
            builder.Configuration.GetSection("Kestrel:Limits").Bind(k.Limits);
            k.Limits.MaxRequestBodySize = JsonBody.BatchLimit * 2L;
            http.Apply(k, http.Scheme == "https" ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1, l => endpoints.Http = (http, l));
            grpc.Apply(k, HttpProtocols.Http2, l => endpoints.Grpc = (grpc, l));
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Its request-start and -finish lines are Information, filtered out anyway; while the category is on at
        // all, hosting opens a log scope and an Activity for every request, the largest allocation of a check.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        TimeProvider time = timeProvider ?? TimeProvider.System;
        // The lock comes before the store is opened: a second registry on the directory must not even read
        // it into memory, or it would answer checks from a copy the first one keeps changing.
        IReadOnlySet<string>? filesBefore = options.Store == "sqlite" ? DataDirectory.Prepare(options.Data) : null;
        DataDirectoryLock? directoryLock = options.Store == "sqlite" ? DataDirectoryLock.Acquire(options.Data, time) : null;
        ILedgerStore? store = null;
        GroupCommitWriter? writer = null;
        AuditLog? audit = null;
        var sourceOfTruth = LeaseClock.UntilRevoked();
        var state = new RegistryState(DefaultTaxonomy.Create(), sourceOfTruth, new RegistrySettings(options.MinProtocolVersion));
        try
        {
            store = await OpenStoreAsync(options, cancellationToken);
            if (filesBefore is not null)
            {
                DataDirectory.TightenNewFiles(options.Data, filesBefore);
            }

            await state.LoadAsync(store, cancellationToken);
            audit = await AuditLog.OpenAsync(options.Data, store, state, cancellationToken, options.Audit, time);
            writer = new GroupCommitWriter(store, state.Apply, time: time);
        }
        catch
        {
            if (audit is not null)
            {
                await audit.DisposeAsync();
            }

            await CloseAsync(writer, store, directoryLock);
            throw;
        }

        var changeLog = new ChangeLog(state, time: time);
        var leases = new LeaseCoordinator(state, options, time);

        IServiceCollection services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton(store);
        services.AddSingleton(state);
        services.AddSingleton(writer);
        // By a factory, so the container disposes it (and its key) with the app.
        services.AddSingleton(_ => audit);
        services.AddSingleton<LsnWatch>();
        services.AddSingleton(changeLog);
        services.AddSingleton(leases);
        services.AddSingleton<ProtocolMinimum>();
        // Monitoring (docs/monitoring.md): its own file beside the ledger, never the ledger writer's lock.
        services.AddSingleton(_ => MonitoringDatabase.Create(options.Data));
        services.AddSingleton(sp => new ReceiptStore(sp.GetRequiredService<MonitoringDatabase>(), time));
        services.AddSingleton<DecisionTally>();
        services.TryAddSingleton<IAlertSink, LogAlertSink>();
        services.AddSingleton(new OverrideDecisions(state.Overrides));
        services.AddSingleton(endpoints);

        // Made by a factory, so the container releases the lock when the app is disposed even if it never started.
        services.AddSingleton(sp => new StoreOwnership(directoryLock, sourceOfTruth, options.LockCheck, time, sp.GetRequiredService<ILogger<StoreOwnership>>()));
        services.TryAddSingleton<IEnforcementAcknowledger>(leases);
        services.AddGrpc(g => g.MaxReceiveMessageSize = 16 * 1024 * 1024);
        services.AddSingleton(_ => EnforcementLog.Open(options.Data, state.Head));
        services.AddSingleton<EnforcementRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<EnforcementRecorder>());
        services.AddSingleton<WritePipeline>();
        services.AddSingleton<PurposeWrites>();
        services.AddSingleton<RegistryMetrics>();
        services.AddSingleton<BulkCheckBudget>();
        services.AddSingleton<RegistryDecisionSource>();
        services.AddSingleton<RegistryCheckGuard>();
        services.AddHostedService<RegistryLifetime>();
        // After the lifetime, so detection stops before the stores it reads close.
        services.AddViolations();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, RegistryJsonContext.Default);
            // Plain UTF-8 ('the subject is 'kind:value'', not \u0027): the API writes JSON, never HTML.
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(RegistryMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        ILogger startup = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Heed.Registry.Startup");
        StartupChecks.WarnIfDataIsOpen(startup, options);
        string? firstKeyFile = await AdminKeySeeder.SeedAsync(options, state, writer, time, startup);

        // Created now rather than on first use, so the lock is watched from the start.
        app.Services.GetRequiredService<StoreOwnership>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseOneJobPerListener();
        app.MapHealthEndpoints();
        app.MapOptOutEndpoints();
        app.MapExportEndpoints();
        app.MapAuditRecordEndpoints();
        app.MapAuditEndpoints();
        app.MapCheckEndpoints();
        app.MapAdminEndpoints();
        app.MapPurposeEndpoints();
        app.MapEnforcementPointEndpoints();
        app.MapOverrideEndpoints();
        app.MapSettingEndpoints();
        app.MapSchemaEndpoints();
        app.MapReceiptEndpoints();
        app.MapViolationEndpoints();
        app.MapReplicationEndpoint();
        app.MapGrpcService<ReplicationService>().WithMetadata(GrpcKeyAuthorization.Allowed);
        app.MapGrpcService<RegistryDecisionService>().WithMetadata(GrpcKeyAuthorization.Allowed);
        app.MapOpenApi();
        app.MapScalarApiReference();
        IEndpointConventionBuilder metrics = app.MapPrometheusScrapingEndpoint("/metrics");
        if (!options.PublicMetrics)
        {
            metrics.RequireRoles(Roles.Auditor);
        }

        return new RegistryHandle(app, firstKeyFile, endpoints);
    }

    private static async Task CloseAsync(GroupCommitWriter? writer, ILedgerStore? store, DataDirectoryLock? directoryLock)
    {
        if (writer is not null)
        {
            await writer.DisposeAsync();
        }

        if (store is not null)
        {
            await store.DisposeAsync();
        }

        directoryLock?.Dispose();
    }

    private static async Task<ILedgerStore> OpenStoreAsync(RegistryOptions options, CancellationToken cancellationToken) => options.Store switch
    {
        "sqlite" => await SqliteLedgerStore.OpenAsync(options.Data, cancellationToken),
        _ => throw new RegistryConfigurationException([$"store '{options.Store}' is not available in this build"]),
    };
}
