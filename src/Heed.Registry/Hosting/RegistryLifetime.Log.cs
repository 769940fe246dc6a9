using Microsoft.Extensions.Logging;

namespace Heed.Registry.Hosting;

public sealed partial class RegistryLifetime
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "writes are refused: {Reason}; retrying with backoff")]
        public static partial void Refusing(ILogger logger, string? reason, Exception? error);

        [LoggerMessage(2, LogLevel.Warning, "the ledger store still fails after {Attempts} attempt(s) to recover: {Reason}")]
        public static partial void StillFailing(ILogger logger, int attempts, string? reason);

        [LoggerMessage(3, LogLevel.Information, "the ledger store works again; writes are taken")]
        public static partial void TakingWrites(ILogger logger);

        [LoggerMessage(4, LogLevel.Critical, "the ledger writer stopped: {Reason}")]
        public static partial void Stopped(ILogger logger, string? reason, Exception? error);
    }
}
