using Heed.Client.Enforcement;

namespace Heed.Gate.Hosting;

/// <summary>
/// Waits for the gate's readiness (a valid lease) to become a given value, on events: a change of the
/// replica, or the moment the current lease runs out. Never polls.
/// </summary>
public sealed class GateReadiness
{
    private readonly HeedEnforcer _enforcer;

    internal GateReadiness(HeedEnforcer enforcer) => _enforcer = enforcer;

    public bool IsReady => _enforcer.IsFresh;

    public async Task WaitAsync(bool ready, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout, _enforcer.Time);
        while (true)
        {
            // Take the signal before testing, so a change in between still wakes us.
            Task changed = _enforcer.WhenChanged;
            if (_enforcer.IsFresh == ready)
            {
                return;
            }

            Task wake = changed;
            if (!ready)
            {
                // A lease ends by time passing, which signals nothing: also wake when it is due to end.
                long until = _enforcer.Lease.ValidUntil;
                TimeSpan left = until == long.MinValue ? TimeSpan.Zero : _enforcer.Time.GetElapsedTime(_enforcer.Time.GetTimestamp(), until);
                wake = Task.WhenAny(changed, Task.Delay(left < TimeSpan.Zero ? TimeSpan.Zero : left + TimeSpan.FromMilliseconds(1), _enforcer.Time, cts.Token));
            }

            await wake.WaitAsync(cts.Token);
        }
    }
}
