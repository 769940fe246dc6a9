namespace Heed.Registry.State;

/// <summary>Lets a check wait, bounded, until the registry has applied a consistency token's LSN.</summary>
public sealed class LsnWatch
{
    private readonly RegistryState _state;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LsnWatch(RegistryState state)
    {
        _state = state;
        state.Applied += _ => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>True once <paramref name="lsn"/> is applied; false if <paramref name="timeout"/> passes first.</summary>
    public async ValueTask<bool> WaitAsync(long lsn, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_state.Head >= lsn)
        {
            return true;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            while (true)
            {
                Task next = Volatile.Read(ref _next).Task;
                if (_state.Head >= lsn)
                {
                    return true;
                }

                await next.WaitAsync(timeout, time, cts.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            return _state.Head >= lsn;
        }
    }
}
