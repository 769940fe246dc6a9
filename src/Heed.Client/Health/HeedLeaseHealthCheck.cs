using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Heed.Client.Health;

/// <summary>
/// Healthy only while the replica holds a valid lease, so a readiness probe takes an instance out of
/// rotation exactly when its checks would answer <c>unconfirmed</c>.
/// </summary>
public sealed class HeedLeaseHealthCheck : IHealthCheck
{
    private readonly IHeedEnforcer _enforcer;

    /// <summary>Creates the check over <paramref name="enforcer"/>.</summary>
    /// <param name="enforcer">The replica to report on.</param>
    public HeedLeaseHealthCheck(IHeedEnforcer enforcer)
    {
        ArgumentNullException.ThrowIfNull(enforcer);
        _enforcer = enforcer;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        HeedStatus status = _enforcer.Status;
        var data = new Dictionary<string, object>
        {
            ["appliedLsn"] = status.AppliedLsn,
            ["connected"] = status.IsConnected,
        };
        if (status.IsFresh)
        {
            return Task.FromResult(HealthCheckResult.Healthy("holding a lease at LSN " + status.AppliedLsn, data));
        }

        string why = status.LastError?.Message ?? (status.IsConnected ? "waiting for a lease" : "not connected to the registry");
        return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "no valid lease: " + why, status.LastError, data));
    }
}
