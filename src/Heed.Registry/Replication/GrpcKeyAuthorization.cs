using Grpc.Core;
using Heed.Registry.Keys;
using Heed.Registry.State;

namespace Heed.Registry.Replication;

/// <summary>Bearer keys on gRPC calls: enforcer or admin, like the HTTP check endpoints.</summary>
public static class GrpcKeyAuthorization
{
    /// <summary>The roles the gRPC services serve; their endpoints carry it as <see cref="RequiredRoles"/>.</summary>
    public static RequiredRoles Allowed { get; } = new([Roles.Admin, Roles.Enforcer]);

    public static ApiKey RequireEnforcer(RegistryState state, ServerCallContext context, string what)
    {
        const string Prefix = "Bearer ";
        string? header = context.RequestHeaders.GetValue("authorization");
        string? secret = header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : null;
        ApiKey? key = secret is null ? null : state.Keys.Authenticate(secret);
        if (key is null)
        {
            // Replicas retry a refusal and report its message in their log and /readyz: name a revocation,
            // so an operator sees why an enforcement point stopped, not just that its key is bad.
            string why = secret is not null && state.Keys.FindRevoked(secret) is { } revoked
                ? $"the key '{revoked.Id}' was revoked"
                : "send 'authorization: Bearer <key>' with an enforcer key";
            throw new RpcException(new Status(StatusCode.Unauthenticated, why));
        }

        if (!Allowed.Roles.Contains(key.Role))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"role '{key.Role}' may not {what}; use an enforcer key"));
        }

        return key;
    }
}
