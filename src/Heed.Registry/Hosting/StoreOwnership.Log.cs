using Microsoft.Extensions.Logging;

namespace Heed.Registry.Hosting;

public sealed partial class StoreOwnership
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Critical, "this registry can no longer prove it is the one registry of its store: {Reason}. It grants no leases, takes no writes and answers checks 'unconfirmed' until restarted")]
        public static partial void Lost(ILogger logger, string reason);
    }
}
