using Heed.Client;

namespace Heed.Gate.Hosting;

/// <summary>
/// Waits for the gate's readiness (a valid lease) to become a given value, on the replica's events and
/// the moment the current lease runs out. Never polls.
/// </summary>
public sealed class GateReadiness
{
    private readonly IHeedEnforcer _enforcer;

    internal GateReadiness(IHeedEnforcer enforcer) => _enforcer = enforcer;

    public bool IsReady => _enforcer.IsFresh;

    public async Task WaitAsync(bool ready, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await (ready ? _enforcer.WaitUntilFreshAsync(cts.Token) : _enforcer.WaitUntilStaleAsync(cts.Token));
    }
}
