namespace Heed.Storage.GroupCommit;

/// <summary>How a <see cref="GroupCommitWriter"/> retries a failed store: first after <see cref="First"/>, then twice as long each time, up to <see cref="Max"/>.</summary>
public sealed record GroupCommitRetry(TimeSpan First, TimeSpan Max)
{
    /// <summary>100 ms doubling to 2 s: a store that works again takes writes within 2 s, and a dead one costs a probe every 2 s.</summary>
    public static GroupCommitRetry Default { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
}
