using Heed.Protocol;
using Heed.Registry.Api.Contracts;
using Heed.Registry.Hosting;
using Heed.Registry.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Api;

/// <summary>
/// <c>GET /v1/replication</c> tells a replica given the HTTP address where the gRPC stream listens.
/// Replicas keep the host they were given and take only the port, so names and NAT still work.
/// </summary>
public static class ReplicationEndpoint
{
    public static IEndpointRouteBuilder MapReplicationEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/replication", (RegistryEndpoints endpoints, RegistryOptions options) => TypedResults.Ok(new ReplicationEndpointResponse(
                endpoints.GrpcUrl, endpoints.GrpcPort, ProtocolVersions.Current, (long)options.Lease.TotalMilliseconds, (long)options.Heartbeat.TotalMilliseconds)))
            .RequireRoles(Roles.Enforcer, Roles.Auditor).WithTags("Enforcement points").WithSummary("Where replicas connect");
        return app;
    }
}
