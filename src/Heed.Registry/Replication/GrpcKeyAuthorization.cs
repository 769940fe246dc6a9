using Grpc.Core;
using Heed.Registry.Keys;
using Heed.Registry.State;

namespace Heed.Registry.Replication;

/// <summary>Bearer keys on gRPC calls: enforcer or admin, like the HTTP check endpoints.</summary>
public static class GrpcKeyAuthorization
{
    public static ApiKey RequireEnforcer(RegistryState state, ServerCallContext context, string what)
    {
        const string Prefix = "Bearer ";
        string? header = context.RequestHeaders.GetValue("authorization");
        ApiKey? key = header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            ? state.Keys.Authenticate(header[Prefix.Length..].Trim())
            : null;
        if (key is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "send 'authorization: Bearer <key>' with an enforcer key"));
        }

        if (key.Role is not (Roles.Enforcer or Roles.Admin))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"role '{key.Role}' may not {what}; use an enforcer key"));
        }

        return key;
    }
}
