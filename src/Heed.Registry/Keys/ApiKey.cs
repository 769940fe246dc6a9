namespace Heed.Registry.Keys;

/// <summary>A key as the registry knows it; the secret itself is never kept.</summary>
public sealed record ApiKey(string Id, string Role, string Name, string SecretHash, DateTimeOffset Created, DateTimeOffset? Revoked)
{
    public bool IsActive => Revoked is null;
}
