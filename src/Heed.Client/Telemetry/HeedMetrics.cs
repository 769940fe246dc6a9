using System.Diagnostics.Metrics;
using Heed.Core.Overrides;

namespace Heed.Client.Telemetry;

/// <summary>
/// The replica's OpenTelemetry instruments on the <c>Heed.Client</c> meter: a host that exports it (for
/// Prometheus, <c>AddMeter(HeedMetrics.MeterName)</c>) shows <c>heed_override_decisions_total{override}</c>,
/// the decisions each override turned into an allow on this replica. Read from the override table's own
/// counters when scraped, so checks pay nothing for it.
/// </summary>
public sealed class HeedMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Heed.Client";

    /// <summary>Registers the instruments over <paramref name="enforcer"/>'s replica.</summary>
    /// <param name="meterFactory">Creates the meter.</param>
    /// <param name="enforcer">The replica whose override counts are observed.</param>
    public HeedMetrics(IMeterFactory meterFactory, IHeedEnforcer enforcer)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(enforcer);
        Meter meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter(
            "heed.override.decisions",
            () => Observe(enforcer),
            "{decision}",
            "Decisions an override turned into an allow on this replica, by override id");
    }

    private static IEnumerable<Measurement<long>> Observe(IHeedEnforcer enforcer)
    {
        foreach (OverrideCount count in enforcer.Replica.Overrides.Counts())
        {
            yield return new Measurement<long>(count.Allowed, new KeyValuePair<string, object?>("override", count.Id));
        }
    }
}
