namespace Heed.Storage.Ledger;

/// <summary>An API key as stored: only the SHA-256 of the secret, never the secret.</summary>
public sealed record KeyRow(string Id, string Role, string Name, string SecretHash, DateTimeOffset Created, DateTimeOffset? Revoked);
