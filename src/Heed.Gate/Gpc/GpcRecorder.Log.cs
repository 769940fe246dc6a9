using Microsoft.Extensions.Logging;

namespace Heed.Gate.Gpc;

public sealed partial class GpcRecorder
{
    [LoggerMessage(1, LogLevel.Information, "Recorded a Global Privacy Control opt-out in the registry")]
    private static partial void LogRecorded(ILogger logger);

    [LoggerMessage(2, LogLevel.Warning, "The registry refused a Global Privacy Control opt-out with status {Status}")]
    private static partial void LogWriteRefused(ILogger logger, int status);

    [LoggerMessage(3, LogLevel.Warning, "Could not record a Global Privacy Control opt-out in the registry")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}
