using Heed.Gate.Configuration;
using Heed.Gate.Enforcement;
using Heed.Gate.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Heed.Gate.Hosting;

/// <summary>What the gate answers itself, never proxied: liveness, readiness and the GPC support resource.</summary>
public static class GateEndpoints
{
    public static IEndpointRouteBuilder MapGateEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapHealthChecks("/readyz", new() { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = GateReadinessWriter.WriteAsync });
        app.MapGet("/.well-known/gpc.json", (IOptions<GateOptions> options) =>
            TypedResults.Json(new GpcDocument(true, options.Value.GpcLastUpdate), GateJsonContext.Plain.GpcDocument));
        return app;
    }

    /// <summary>
    /// Makes every response to a request carrying <c>Sec-GPC: 1</c> say whether it was honored: routes that
    /// identified the subject set <c>Heed-GPC</c> themselves; anything else answers <c>not-identified</c>.
    /// </summary>
    public static IApplicationBuilder UseGpcResponseHeader(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (GpcSignal.IsSet(context.Request.Headers))
            {
                context.Response.OnStarting(static state =>
                {
                    var response = (HttpResponse)state;
                    if (!response.Headers.ContainsKey(GpcSignal.ResponseHeader))
                    {
                        response.Headers[GpcSignal.ResponseHeader] = GpcSignal.NotIdentified;
                    }

                    return Task.CompletedTask;
                }, context.Response);
            }

            return next(context);
        });
}
