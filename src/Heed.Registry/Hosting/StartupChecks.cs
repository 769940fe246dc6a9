using Microsoft.Extensions.Logging;

namespace Heed.Registry.Hosting;

/// <summary>Warnings at start about settings that leave the registry more open than it should be.</summary>
public static partial class StartupChecks
{
    public static void WarnIfDataIsOpen(ILogger logger, RegistryOptions options)
    {
        if (options.Store != "sqlite")
        {
            return;
        }

        foreach (string loose in DataDirectory.LooserThanPrivate(options.Data))
        {
            Log.DataOpen(logger, loose);
        }
    }
}
