using Microsoft.Extensions.Logging;

namespace Heed.Registry.Hosting;

public static partial class AdminKeySeeder
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "HEED_ADMIN_KEY was revoked; it is not seeded again. Use another admin key, or set a new HEED_ADMIN_KEY")]
        public static partial void RevokedAdminKey(ILogger logger);

        [LoggerMessage(2, LogLevel.Information, "seeded an admin key from HEED_ADMIN_KEY")]
        public static partial void Seeded(ILogger logger);

        [LoggerMessage(3, LogLevel.Warning, "first start: created an admin key in {Path} (mode 0600); read it from there, then move it somewhere safe")]
        public static partial void FirstStartKey(ILogger logger, string path);
    }
}
