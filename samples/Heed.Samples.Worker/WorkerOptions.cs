namespace Heed.Samples.Worker;

/// <summary>Where to check, with which key, whom, and how often.</summary>
public sealed class WorkerOptions
{
    /// <summary>A CheckStream address: the registry's gRPC listener or a sidecar's.</summary>
    public string? Endpoint { get; set; }

    /// <summary>An enforcer key, sent as <c>authorization: Bearer</c> (a sidecar needs none).</summary>
    public string? Key { get; set; }

    /// <summary>A text file with one subject (<c>kind:value</c>) per line.</summary>
    public string? Subjects { get; set; }

    /// <summary>The purpose every subject is checked for.</summary>
    public string Purpose { get; set; } = "marketing.communications.email";

    /// <summary>Checks per CheckStream message.</summary>
    public int BatchSize { get; set; } = 10_000;

    /// <summary>Check once and stop the host (a cron job), rather than every <see cref="Interval"/>.</summary>
    public bool Once { get; set; }

    /// <summary>Time between runs when not <see cref="Once"/>.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
}
