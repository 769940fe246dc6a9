namespace Heed.Client.Replication;

/// <summary>
/// Exponential backoff with jitter: attempt n waits a random time in [d/2, d] where d = initial·2ⁿ
/// capped at max, so many replicas that lost the registry at once do not come back in lockstep.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, Random random)
{
    public TimeSpan Next(int attempt)
    {
        double ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        double ms = ceiling / 2 + (random.NextDouble() * ceiling / 2);
        return TimeSpan.FromMilliseconds(ms);
    }
}
