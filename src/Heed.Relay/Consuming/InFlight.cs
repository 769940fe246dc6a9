namespace Heed.Relay.Consuming;

/// <summary>Counts deliveries being processed, so a graceful stop can wait until the last one is settled.</summary>
public sealed class InFlight
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _count;
    private volatile bool _closing;

    public long Count => Interlocked.Read(ref _count);

    public bool IsClosing => _closing;

    /// <summary>Starts one unit of work, or answers false once closing has begun.</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _count);
        if (_closing)
        {
            Exit();
            return false;
        }

        return true;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _count) == 0 && _closing)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Refuses new work and completes when the work already started has finished.</summary>
    public Task CloseAsync()
    {
        _closing = true;
        if (Interlocked.Read(ref _count) == 0)
        {
            _drained.TrySetResult();
        }

        return _drained.Task;
    }
}
