using Microsoft.Extensions.Logging;

namespace Heed.Registry.Hosting;

public static partial class StartupChecks
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "the data directory is readable by others: {Entry}; it holds every opted-out subject in plain text, so chmod it (0700 for the directory, 0600 for its files)")]
        public static partial void DataOpen(ILogger logger, string entry);
    }
}
