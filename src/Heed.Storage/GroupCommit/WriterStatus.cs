namespace Heed.Storage.GroupCommit;

/// <summary>
/// Whether a <see cref="GroupCommitWriter"/> takes writes and, while it does not, why: the store error
/// that stopped it, since when, and how many attempts to recover have failed. A <see cref="Final"/>
/// status is never left: the registry must be restarted.
/// </summary>
public sealed record WriterStatus(Exception? Error, string? Reason, DateTimeOffset? Since, int FailedAttempts, bool Final)
{
    public static WriterStatus Taking { get; } = new(null, null, null, 0, false);

    public bool TakingWrites => Error is null;
}
