using System.Diagnostics;

namespace Heed.Testing.Polling;

/// <summary>
/// Polls a condition owned by another process (a port opening, a server answering) until it holds.
/// Only for events we cannot subscribe to; inside one process, await the event itself.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    public static async Task UntilAsync(
        Func<CancellationToken, Task<bool>> condition,
        TimeSpan timeout,
        string description,
        TimeSpan? interval = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await condition(cancellationToken))
            {
                return;
            }

            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException($"{description} did not happen within {timeout.TotalSeconds:0.###} s.");
            }

            await Task.Delay(interval ?? DefaultInterval, cancellationToken);
        }
    }
}
