using Heed.Registry.Overrides;

namespace Heed.Cli.Overrides;

internal static class OverrideText
{
    public static string Scope(OverrideView o) =>
        o.Service is { } service ? "service " + service : "enforcement point " + o.EnforcementPoint;
}
