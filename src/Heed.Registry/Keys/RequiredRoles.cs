namespace Heed.Registry.Keys;

/// <summary>
/// Endpoint metadata: the roles whose keys an endpoint serves (admin always among them). Put there by
/// <see cref="KeyAuthorization.RequireRoles"/> and by the gRPC services' mapping, so the role table in the
/// docs can be checked against what the registry really enforces. An endpoint without it is open.
/// </summary>
public sealed class RequiredRoles(IReadOnlyList<string> roles)
{
    public IReadOnlyList<string> Roles { get; } = roles;
}
