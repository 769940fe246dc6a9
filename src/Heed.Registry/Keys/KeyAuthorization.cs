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
        string[] allowed = [Roles.Admin, .. roles.Where(r => r != Roles.Admin)];
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
    public static ApiKey? PresentedKey(this HttpContext context) => Secret(context) is { } secret
        ? context.RequestServices.GetRequiredService<RegistryState>().Keys.Authenticate(secret)
        : null;

    private static string? Secret(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        return header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Length == Prefix.Length
            ? null
            : header[Prefix.Length..].Trim();
    }

    private static IResult? Authorize(HttpContext context, string[] allowed)
    {
        string? secret = Secret(context);
        if (secret is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized("send 'Authorization: Bearer <key>'");
        }

        RegistryState state = context.RequestServices.GetRequiredService<RegistryState>();
        ApiKey? key = state.Keys.Authenticate(secret);
        if (key is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            // Name a revocation, as the gRPC services do: replicas report this in their log and /readyz.
            return Problems.Unauthorized(state.Keys.FindRevoked(secret) is { } revoked ? $"the key '{revoked.Id}' was revoked" : "the key is unknown or revoked");
        }

        if (Array.IndexOf(allowed, key.Role) < 0)
        {
            return Problems.Forbidden(key.Role, allowed);
        }

        context.Items[typeof(ApiKey)] = key;
        return null;
    }
}
