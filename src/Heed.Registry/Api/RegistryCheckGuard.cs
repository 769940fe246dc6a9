using Heed.Checks;
using Heed.Core.Decisions;
using Heed.Registry.Keys;
using Heed.Registry.State;
using Heed.Registry.Telemetry;
using Microsoft.AspNetCore.Http;

namespace Heed.Registry.Api;

/// <summary>
/// What the registry adds around the shared check handlers: an enforcer's key (admin always), the key's
/// bulk-check budget for batches, and the decision counters.
/// </summary>
public sealed class RegistryCheckGuard(RegistryState state, RegistryMetrics metrics, BulkCheckBudget budget) : ICheckGuard
{
    public static readonly string[] AllowedRoles = KeyAuthorization.Allowed(Roles.Enforcer);

    public IResult? Admit(HttpContext context) => KeyAuthorization.Authorize(context, state.Keys, AllowedRoles, out _);

    public IResult? AdmitBatch(HttpContext context, int items)
    {
        if (KeyAuthorization.Authorize(context, state.Keys, AllowedRoles, out ApiKey? key) is { } denied)
        {
            return denied; // revoked between the two looks
        }

        if (!budget.TryTake(key!.Id, items, out TimeSpan retryAfter))
        {
            metrics.BulkCheckRefused(key.Id, items);
            return Problems.OverBudget(context, items, retryAfter);
        }

        metrics.BulkChecked(key.Id, items);
        return null;
    }

    public void Answered(DecisionReason reason) => metrics.CheckAnswered(reason);
}
