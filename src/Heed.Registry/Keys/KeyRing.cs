using System.Collections.Concurrent;

namespace Heed.Registry.Keys;

/// <summary>
/// The active keys, by the hash of their secret. Updated by the write pipeline as key entries commit;
/// read by every request. Presented secrets are cached by value so a hot path hashes once.
/// </summary>
public sealed class KeyRing
{
    private readonly ConcurrentDictionary<string, ApiKey> _byHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApiKey> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApiKey> _presented = new(StringComparer.Ordinal);

    public int ActiveCount => _byHash.Count;

    public IReadOnlyList<ApiKey> List() => [.. _byId.Values.OrderBy(k => k.Created).ThenBy(k => k.Id, StringComparer.Ordinal)];

    public ApiKey? FindById(string id) => _byId.GetValueOrDefault(id);

    public bool ContainsSecretHash(string hash) => _byHash.ContainsKey(hash);

    /// <summary>Whether a key with this secret hash was ever revoked: such a secret can never be active again.</summary>
    public bool IsRevokedSecretHash(string hash) => _byId.Values.Any(k => !k.IsActive && k.SecretHash == hash);

    /// <summary>The active key for a presented secret, or null.</summary>
    public ApiKey? Authenticate(string secret)
    {
        if (_presented.TryGetValue(secret, out ApiKey? cached))
        {
            return cached;
        }

        if (!_byHash.TryGetValue(KeySecrets.Hash(secret), out ApiKey? key))
        {
            return null;
        }

        if (_presented.Count < 10_000)
        {
            _presented[secret] = key;
        }

        return key;
    }

    /// <summary>
    /// Adds a key as it is in the ledger. Revocation is forever: a secret whose hash was revoked under any
    /// id stays refused, whatever order the keys load in.
    /// </summary>
    public void Add(ApiKey key)
    {
        _byId[key.Id] = key;
        if (!key.IsActive)
        {
            _byHash.TryRemove(key.SecretHash, out _);
            _presented.Clear();
        }
        else if (!IsRevokedSecretHash(key.SecretHash))
        {
            _byHash[key.SecretHash] = key;
        }
    }

    public void Revoke(string id, DateTimeOffset at)
    {
        if (_byId.TryGetValue(id, out ApiKey? key))
        {
            _byId[id] = key with { Revoked = at };
            _byHash.TryRemove(key.SecretHash, out _);
            _presented.Clear();
        }
    }
}
