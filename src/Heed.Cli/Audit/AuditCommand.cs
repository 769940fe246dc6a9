using System.CommandLine;

namespace Heed.Cli.Audit;

/// <summary><c>heed audit …</c>: the audit record (docs/audit.md).</summary>
public static class AuditCommand
{
    public static Command Create() => new("audit", "Export and verify the audit record (needs an auditor or admin key)")
    {
        AuditExportCommand.Create(),
        AuditKeyCommand.Create(),
        AuditVerifyCommand.Create(),
    };
}
