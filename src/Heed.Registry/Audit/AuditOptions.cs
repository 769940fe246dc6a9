namespace Heed.Registry.Audit;

/// <summary>The audit log (<c>Heed:Audit:…</c>, docs/audit.md).</summary>
public sealed class AuditOptions
{
    /// <summary>How often, at most, the registry signs and keeps a checkpoint of a tree that has grown.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);
}
