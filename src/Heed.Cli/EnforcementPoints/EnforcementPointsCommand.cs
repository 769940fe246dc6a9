using System.CommandLine;
using System.Globalization;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;
using Spectre.Console;

namespace Heed.Cli.EnforcementPoints;

/// <summary>
/// <c>heed enforcement-points</c>: every replica the registry counts, with the protocol version and build it
/// announced, its lag and its lease. What to watch before raising <c>replication.minProtocolVersion</c>.
/// </summary>
public static class EnforcementPointsCommand
{
    public static Command Create() => ReadCommand.Create(
        "enforcement-points",
        "List the enforcement points: kind, service, protocol and build versions, lag, lease",
        "v1/enforcement-points",
        RegistryJsonContext.Default.EnforcementPointsResponse,
        Table);

    private static Table Table(EnforcementPointsResponse points)
    {
        var table = new Table().AddColumns("id", "kind", "service", "protocol", "build", "lag", "lease");
        foreach (EnforcementPointView p in points.EnforcementPoints.OrderBy(p => p.ProtocolVersion).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            table.AddRow(
                new Text(p.Id),
                new Text(p.Kind),
                new Text(p.Service),
                new Text(p.ProtocolVersion.ToString(CultureInfo.InvariantCulture)),
                new Text(p.SoftwareVersion),
                new Text(p.Lag.ToString(CultureInfo.InvariantCulture)),
                new Text(p.Connected ? p.Lease : p.Lease + " (disconnected)"));
        }

        return table;
    }
}
