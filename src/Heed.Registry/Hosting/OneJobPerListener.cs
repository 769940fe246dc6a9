using Grpc.AspNetCore.Server;
using Heed.Registry.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Hosting;

/// <summary>
/// One listener, one job: the replication listener serves the gRPC services only, and the HTTP listener
/// serves everything but them. Without this, every endpoint answers on both ports, so the whole HTTP API,
/// admin included, is reachable over HTTP/2 on the port opened to replicas. Runs after routing, so it
/// decides by the matched endpoint; ports are compared once bound (port 0 in tests).
/// </summary>
public static class OneJobPerListener
{
    public static IApplicationBuilder UseOneJobPerListener(this IApplicationBuilder app)
    {
        RegistryEndpoints listeners = app.ApplicationServices.GetRequiredService<RegistryEndpoints>();
        return app.Use((context, next) =>
        {
            bool onReplicationPort = context.Connection.LocalPort == listeners.GrpcPort;
            bool isGrpc = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null;
            if (onReplicationPort == isGrpc)
            {
                return next(context);
            }

            return Problems.NotFound(onReplicationPort
                    ? $"the replication port serves gRPC only; the HTTP API is at {listeners.HttpUrl}"
                    : "gRPC is served on the replication port only")
                .ExecuteAsync(context);
        });
    }
}
