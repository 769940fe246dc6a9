using System.CommandLine;

namespace Heed.Cli.Overrides;

/// <summary>
/// <c>heed override request|approve|revoke|list|show</c>: break-glass overrides (docs/overrides.md). Requesting,
/// approving and revoking need an admin key, and the approver must be a different admin; list and show take an
/// auditor key too.
/// </summary>
public static class OverrideCommand
{
    public static Command Create() => new("override", "Request, approve, revoke and review break-glass overrides")
    {
        OverrideRequestCommand.Create(),
        OverrideWriteCommand.Approve(),
        OverrideWriteCommand.Revoke(),
        OverrideListCommand.Create(),
        OverrideShowCommand.Create(),
    };
}
