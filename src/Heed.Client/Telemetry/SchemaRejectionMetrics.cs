using System.Diagnostics.Metrics;
using Heed.Core.Schemas;

namespace Heed.Client.Telemetry;

/// <summary>
/// <c>heed_schema_rejections_total{type,version,producer,reason}</c> on the <c>Heed.Client</c> meter: the events a
/// gate refused or a relay quarantined because they resolve to no schema version they may be processed under
/// (docs/schemas.md). <c>producer</c> is the CloudEvents <c>source</c>.
/// </summary>
public sealed class SchemaRejectionMetrics
{
    /// <summary>The instrument's name (<c>heed_schema_rejections_total</c> in Prometheus).</summary>
    public const string InstrumentName = "heed.schema.rejections";

    private readonly Counter<long> _rejections;

    /// <summary>Creates the counter on the <see cref="HeedMetrics.MeterName"/> meter.</summary>
    /// <param name="meterFactory">Creates the meter.</param>
    public SchemaRejectionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _rejections = meterFactory.Create(HeedMetrics.MeterName).CreateCounter<long>(
            InstrumentName, "{event}", "Events refused or quarantined by schema, by type, version, producer and reason");
    }

    /// <summary>Counts one rejected event.</summary>
    /// <param name="attributes">The event.</param>
    /// <param name="resolution">Why it was rejected.</param>
    public void Rejected(in CloudEventAttributes attributes, in EventResolution resolution) =>
        _rejections.Add(
            1,
            new KeyValuePair<string, object?>("type", attributes.Type ?? ""),
            new KeyValuePair<string, object?>("version", resolution.Version),
            new KeyValuePair<string, object?>("producer", attributes.Source ?? ""),
            new KeyValuePair<string, object?>("reason", EventSchemas.ToWire(resolution.Rejection)));
}
