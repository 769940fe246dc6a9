namespace Heed.Registry.Hosting;

/// <summary>Monitoring settings (<c>Heed:Monitoring:…</c>, docs/monitoring.md).</summary>
public sealed class MonitoringOptions
{
    /// <summary>The subject prefix of canary subjects: any receipt for, or allow of, such a subject is a violation.</summary>
    public string CanaryPrefix { get; set; } = "user:heed-canary-";

    /// <summary>A decision older than this when its processing happened is a <c>too_old</c> violation.</summary>
    public TimeSpan MaxDecisionAge { get; set; } = TimeSpan.FromMinutes(10);
}
