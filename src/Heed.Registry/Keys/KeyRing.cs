using System.Collections.Concurrent;

namespace Heed.Registry.Keys;

/// <summary>
/// The active keys, by the hash of their secret. Updated by the write pipeline as key entries commit;
/// read by every request. Presented secrets are cached by value so a hot path hashes once.
/// </summary>
/// <remarks>
/// No cached authentication outlives a revoke: <see cref="Revoke"/> removes the key, then clears the
/// cache; <see cref="Authenticate"/> caches, then looks the key up again. Whichever order the two
/// interleave in, a cache entry written after the clear is seen by its writer's second look-up and
/// taken back. Streams opened with a key end through <see cref="WhenRevoked"/>.
/// </remarks>
public sealed class KeyRing
{
    private readonly ConcurrentDictionary<string, ApiKey> _byHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApiKey> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApiKey> _presented = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApiKey>.AlternateLookup<ReadOnlySpan<char>> _presentedBySpan;

    public KeyRing() => _presentedBySpan = _presented.GetAlternateLookup<ReadOnlySpan<char>>();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _revocations = new(StringComparer.Ordinal);

    public int ActiveCount => _byHash.Count;

    /// <summary>
    /// Test seam: runs inside <see cref="Authenticate"/> after the key was found and before it is cached,
    /// the window a concurrent <see cref="Revoke"/> can fall into. Set only by tests, to force that
    /// interleaving instead of hoping a loop hits it.
    /// </summary>
    internal Action? AfterLookup { get; set; }

    public IReadOnlyList<ApiKey> List() => [.. _byId.Values.OrderBy(k => k.Created).ThenBy(k => k.Id, StringComparer.Ordinal)];

    public ApiKey? FindById(string id) => _byId.GetValueOrDefault(id);

    public bool ContainsSecretHash(string hash) => _byHash.ContainsKey(hash);

    /// <summary>Whether a key with this secret hash was ever revoked: such a secret can never be active again.</summary>
    public bool IsRevokedSecretHash(string hash) => _byId.Values.Any(k => !k.IsActive && k.SecretHash == hash);

    /// <summary>The active key for a presented secret, or null. A secret seen before is found without allocating.</summary>
    public ApiKey? Authenticate(ReadOnlySpan<char> secret) =>
        _presentedBySpan.TryGetValue(secret, out ApiKey? cached) ? cached : Authenticate(secret.ToString());

    /// <summary>The active key for a presented secret, or null.</summary>
    public ApiKey? Authenticate(string secret)
    {
        if (_presented.TryGetValue(secret, out ApiKey? cached))
        {
            return cached;
        }

        string hash = KeySecrets.Hash(secret);
        if (!_byHash.TryGetValue(hash, out ApiKey? key))
        {
            return null;
        }

        AfterLookup?.Invoke();
        if (_presented.Count < 10_000)
        {
            _presented[secret] = key;

            // A revoke may have cleared the cache between the look-up above and the write: look again.
            if (!_byHash.TryGetValue(hash, out ApiKey? still) || still != key)
            {
                _presented.TryRemove(new KeyValuePair<string, ApiKey>(secret, key));
                return null;
            }
        }

        return key;
    }

    /// <summary>The revoked key whose secret this is, or null: lets a refusal say why, not only that.</summary>
    public ApiKey? FindRevoked(string secret)
    {
        string hash = KeySecrets.Hash(secret);
        return _byId.Values.FirstOrDefault(k => !k.IsActive && string.Equals(k.SecretHash, hash, StringComparison.Ordinal));
    }

    /// <summary>
    /// A token cancelled when the key <paramref name="id"/> is revoked (already cancelled if it is not
    /// active now), for streams that authenticated once and must not outlive the key.
    /// </summary>
    public CancellationToken WhenRevoked(string id)
    {
        CancellationTokenSource source = _revocations.GetOrAdd(id, static _ => new CancellationTokenSource());

        // Revoke marks the key, then cancels what is registered: a source added after that is seen here.
        if (_byId.TryGetValue(id, out ApiKey? key) && key.IsActive)
        {
            return source.Token;
        }

        if (_revocations.TryRemove(new KeyValuePair<string, CancellationTokenSource>(id, source)))
        {
            source.Cancel();
        }

        return new CancellationToken(canceled: true);
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

        if (_revocations.TryRemove(id, out CancellationTokenSource? streams))
        {
            // Off the ledger writer: ending streams runs their callbacks.
            _ = streams.CancelAsync();
        }
    }
}
