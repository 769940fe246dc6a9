namespace Heed.Registry.Monitoring.Alerts;

/// <summary>
/// Where alerts go. The registry's sink keeps each alert durably before it returns, and delivers it to every
/// configured webhook with retries until it is delivered (docs/monitoring.md); raising never waits for delivery.
/// </summary>
public interface IAlertSink
{
    ValueTask RaiseAsync(Alert alert, CancellationToken cancellationToken = default);
}
