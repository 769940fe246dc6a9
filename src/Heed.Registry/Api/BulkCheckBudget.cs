using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Heed.Registry.Hosting;

namespace Heed.Registry.Api;

/// <summary>
/// One token bucket per key id over checked items, so a busy key never slows another. Buckets refill by
/// themselves (the BCL limiter's own timer); a key's bucket lives as long as the registry, one small object
/// per key that ever checked in bulk.
/// </summary>
public sealed class BulkCheckBudget(RegistryOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes <paramref name="items"/> from the key's budget; on refusal, when to try again.</summary>
    public bool TryTake(string keyId, int items, out TimeSpan retryAfter)
    {
        TokenBucketRateLimiter bucket = _buckets.GetOrAdd(keyId, static (_, o) => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.Burst,
            TokensPerPeriod = o.ItemsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            AutoReplenishment = true,
            QueueLimit = 0,
        }), options.BulkCheck);
        using RateLimitLease lease = bucket.AttemptAcquire(items);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan after) ? after : TimeSpan.FromSeconds(1);
        return false;
    }

    public void Dispose()
    {
        foreach (TokenBucketRateLimiter bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }
}
