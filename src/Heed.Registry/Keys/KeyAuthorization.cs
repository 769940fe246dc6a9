using Heed.Registry.Api;
using Heed.Registry.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Keys;

/// <summary>
/// Bearer-key authorization as an endpoint filter: no key → 401, a key whose role is not allowed → 403.
/// Admin may do everything. The resolved key is left in <see cref="HttpContext.Items"/> for auditing.
/// </summary>
public static class KeyAuthorization
{
    private const string Prefix = "Bearer ";

    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        string[] allowed = Allowed(roles);
        builder.WithMetadata(new RequiredRoles(allowed));
        builder.AddEndpointFilter(async (context, next) =>
        {
            IResult? denied = Authorize(context.HttpContext, allowed);
            return denied ?? await next(context);
        });
        return builder;
    }

    public static ApiKey? CurrentKey(this HttpContext context) => context.Items[typeof(ApiKey)] as ApiKey;

    /// <summary>The active key the request presents, or null: for endpoints that are open but say more to a key holder.</summary>
    public static ApiKey? PresentedKey(this HttpContext context) => TrySecret(context, out ReadOnlySpan<char> secret)
        ? context.RequestServices.GetRequiredService<RegistryState>().Keys.Authenticate(secret)
        : null;

    /// <summary>
    /// The key check alone, for handlers that do it themselves (the check API, which runs no endpoint
    /// filter): null with the key when its role is allowed, else the 401 or 403 to answer. Allocates
    /// nothing for a key presented before.
    /// </summary>
    public static IResult? Authorize(HttpContext context, KeyRing keys, string[] allowed, out ApiKey? key)
    {
        key = null;
        if (!TrySecret(context, out ReadOnlySpan<char> secret))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized("send 'Authorization: Bearer <key>'");
        }

        key = keys.Authenticate(secret);
        if (key is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            // Name a revocation, as the gRPC services do: replicas report this in their log and /readyz.
            return Problems.Unauthorized(keys.FindRevoked(secret.ToString()) is { } revoked ? $"the key '{revoked.Id}' was revoked" : "the key is unknown or revoked");
        }

        return Array.IndexOf(allowed, key.Role) < 0 ? Problems.Forbidden(key.Role, allowed) : null;
    }

    /// <summary>The roles an endpoint serves: the given ones, and admin always.</summary>
    public static string[] Allowed(params string[] roles) => [Roles.Admin, .. roles.Where(r => r != Roles.Admin)];

    private static bool TrySecret(HttpContext context, out ReadOnlySpan<char> secret)
    {
        string? header = context.Request.Headers.Authorization;
        secret = default;
        if (header is null || header.Length <= Prefix.Length || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        secret = header.AsSpan(Prefix.Length).Trim();
        return !secret.IsEmpty;
    }

    private static IResult? Authorize(HttpContext context, string[] allowed)
    {
        IResult? denied = Authorize(context, context.RequestServices.GetRequiredService<RegistryState>().Keys, allowed, out ApiKey? key);
        if (denied is null)
        {
            context.Items[typeof(ApiKey)] = key;
        }

        return denied;
    }
}
