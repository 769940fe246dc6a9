using Heed.Client.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Heed lease to ASP.NET Core health checks.</summary>
public static class HeedHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="HeedLeaseHealthCheck"/>: healthy only while the replica holds a valid lease. Map it
    /// on a readiness endpoint (e.g. <c>app.MapHealthChecks("/readyz")</c>) so traffic only reaches an
    /// instance whose checks can allow.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="tags">Tags, e.g. <c>ready</c>, to filter checks per endpoint.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHealthChecksBuilder AddHeedLease(this IHealthChecksBuilder builder, string name = "heed-lease", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<HeedLeaseHealthCheck>(name, HealthStatus.Unhealthy, tags ?? []);
    }
}
