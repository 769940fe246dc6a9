namespace Heed.Registry.State;

/// <summary>
/// Lets readers wait, bounded, for a condition that only becomes true when something else makes progress
/// (<see cref="Signal"/>): the applied head for a consistency token, the audit tree for the head.
/// </summary>
public sealed class Pulse
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes every waiter to look at its condition again.</summary>
    public void Signal() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>True once <paramref name="condition"/> holds; false if <paramref name="timeout"/> passes first or the wait is cancelled.</summary>
    public async ValueTask<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (condition())
        {
            return true;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            while (true)
            {
                // Taken before the condition is read, so a signal in between is not missed.
                Task next = Volatile.Read(ref _next).Task;
                if (condition())
                {
                    return true;
                }

                await next.WaitAsync(timeout, time, cts.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            return condition();
        }
    }
}
