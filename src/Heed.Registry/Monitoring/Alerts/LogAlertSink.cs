using Microsoft.Extensions.Logging;

namespace Heed.Registry.Monitoring.Alerts;

/// <summary>Writes every alert to the registry's log, at warning or above; the webhook sink sends them on too.</summary>
public sealed partial class LogAlertSink(ILogger<LogAlertSink> logger) : IAlertSink
{
    public ValueTask RaiseAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        Log(logger, alert.Severity == AlertSeverities.Critical ? LogLevel.Critical : LogLevel.Warning, alert.Kind, alert.Summary);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Message = "Alert {Kind}: {Summary}")]
    private static partial void Log(ILogger logger, LogLevel level, string kind, string summary);
}
