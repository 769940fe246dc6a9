using Heed.Gate.Policies;
using Microsoft.Extensions.Logging;

namespace Heed.Gate.Enforcement;

public sealed partial class HeedEnforcementMiddleware
{
    [LoggerMessage(1, LogLevel.Debug, "Route {RouteId}: denied for {Purpose} ({Reason}); action {Action}")]
    private static partial void LogDenied(ILogger logger, string routeId, string purpose, string reason, DenyAction action);

    [LoggerMessage(2, LogLevel.Error, "Route {RouteId} has an invalid Heed policy; its requests are refused: {Errors}")]
    private static partial void LogInvalidRoute(ILogger logger, string routeId, string errors);

    [LoggerMessage(3, LogLevel.Debug, "Route {RouteId}: body over {Limit} bytes refused")]
    private static partial void LogBodyTooLarge(ILogger logger, string routeId, int limit);

    [LoggerMessage(4, LogLevel.Debug, "Route {RouteId}: event of type {EventType} version '{SchemaVersion}' refused ({Reason})")]
    private static partial void LogSchemaRejected(ILogger logger, string routeId, string eventType, string schemaVersion, string reason);
}
