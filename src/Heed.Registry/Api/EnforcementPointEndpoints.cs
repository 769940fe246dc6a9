using Heed.Registry.Api.Contracts;
using Heed.Registry.Keys;
using Heed.Registry.Replication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Api;

/// <summary><c>GET /v1/enforcement-points</c>: every replica the registry counts for acknowledgement.</summary>
public static class EnforcementPointEndpoints
{
    public static IEndpointRouteBuilder MapEnforcementPointEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/enforcement-points", (LeaseCoordinator leases) => TypedResults.Ok(new EnforcementPointsResponse(
                [.. leases.List().Select(l => new EnforcementPointView(
                    l.Info.ReplicaId,
                    l.SessionId,
                    l.Info.Kind,
                    l.Info.Service,
                    l.Info.ProtocolVersion,
                    l.Info.SoftwareVersion,
                    l.AppliedLsn,
                    l.Lag,
                    l.Connected,
                    l.LeaseValid ? "valid" : "expired",
                    (long)l.LeaseRemaining.TotalMilliseconds,
                    l.Grants,
                    Math.Max(0, l.Memory.Records),
                    Math.Max(0, l.Memory.TableBytes),
                    l.Memory.BytesPerRecord))])))
            .RequireRoles(Roles.Auditor).WithTags("Enforcement points").WithSummary("Replicas, their applied LSN, lag, lease and memory per record");
        return app;
    }
}
