using Heed.Client.Enforcement;

namespace Heed.Client.Tests.Infrastructure;

/// <summary>Waiting on events with a timeout; never a sleep.</summary>
public static class Waits
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    /// <summary>Completes once <paramref name="condition"/> holds, re-testing it at each change of the replica.</summary>
    internal static async Task UntilAsync(HeedEnforcer enforcer, Func<bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Default);
        while (true)
        {
            Task changed = enforcer.WhenChanged;
            if (condition())
            {
                return;
            }

            await changed.WaitAsync(cts.Token);
        }
    }
}
