namespace Heed.Registry.Hosting;

/// <summary>
/// The per-key budget of checked items on <c>POST /v1/check/batch</c> (<c>Heed:BulkCheck:…</c>): a token bucket
/// of <see cref="Burst"/> items refilled at <see cref="ItemsPerSecond"/>. It slows an enforcer key used as an
/// enumeration oracle without touching enforcement points, which answer from their own replica.
/// </summary>
public sealed class BulkCheckOptions
{
    public int ItemsPerSecond { get; set; } = 10_000;

    /// <summary>Items a key may check at once after being idle; at least one full batch.</summary>
    public int Burst { get; set; } = 100_000;
}
