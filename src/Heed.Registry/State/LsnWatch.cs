namespace Heed.Registry.State;

/// <summary>Lets a check wait, bounded, until the registry has applied a consistency token's LSN.</summary>
public sealed class LsnWatch
{
    private readonly RegistryState _state;
    private readonly Pulse _applied = new();

    public LsnWatch(RegistryState state)
    {
        _state = state;
        state.Applied += _ => _applied.Signal();
    }

    /// <summary>True once <paramref name="lsn"/> is applied; false if <paramref name="timeout"/> passes first.</summary>
    public ValueTask<bool> WaitAsync(long lsn, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        _state.Head >= lsn
            ? ValueTask.FromResult(true) // the usual case, without the condition's closure
            : _applied.WaitUntilAsync(() => _state.Head >= lsn, timeout, time, cancellationToken);
}
