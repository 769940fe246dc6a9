using System.Text.Encodings.Web;
using Heed.Checks.Grpc;
using Heed.Cli.Commands;
using Heed.Protocol;
using Heed.Registry.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Heed.Cli.Sidecar;

/// <summary>
/// Builds <c>heed sidecar</c>: an SDK replica in its own process, answering the check API over HTTP/1.1
/// and <c>CheckStream</c> over HTTP/2 for services in any language on the same machine.
/// </summary>
public static class SidecarApp
{
    public static SidecarHandle Create(SidecarOptions options, string[]? args = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [] });
        var endpoints = new SidecarEndpoints();
        ListenAddress http = ListenAddress.Parse(options.Urls);
        ListenAddress grpc = ListenAddress.ParseOrBeside(options.GrpcUrls, http);
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Cleartext Kestrel cannot offer HTTP/1.1 and HTTP/2 on one port (no ALPN without TLS).
            http.Apply(k, http.Scheme == "https" ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1, l => endpoints.Http = (http, l));
            grpc.Apply(k, HttpProtocols.Http2, l => endpoints.Grpc = (grpc, l));
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // As in the registry: while this category is on, hosting opens a log scope and an Activity per request.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.AddHeed(o =>
        {
            o.RegistryUrl = options.Registry;
            o.Key = options.Key;
            o.Service = options.Service;
            o.Kind = ReplicaKinds.Sidecar;
        });
        builder.Services.AddProblemDetails();
        // Request problems (TypedResults.Problem) in plain UTF-8, like the registry's: JSON, never HTML.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        builder.Services.AddGrpc();

        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHeedHealthEndpoints();
        app.MapHeedCheckEndpoints();
        app.MapGrpcService<HeedDecisionService>();
        app.MapGet("/v1/checkstream", () => TypedResults.Json(new CheckStreamAddress(endpoints.GrpcUrl, endpoints.GrpcPort), CliJsonContext.Default.CheckStreamAddress))
            .WithTags("Checks").WithSummary("Where CheckStream (gRPC) listens");
        return new SidecarHandle(app, endpoints);
    }
}
