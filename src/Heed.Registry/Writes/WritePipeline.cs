using Heed.Registry.Hosting;
using Heed.Storage.GroupCommit;
using Heed.Storage.Ledger;

namespace Heed.Registry.Writes;

/// <summary>
/// Validated writes go here: durable (group commit), applied, then acknowledged once enforced
/// everywhere or the deadline passes. The write is durable either way; the answer says which.
/// </summary>
public sealed class WritePipeline(GroupCommitWriter writer, IEnforcementAcknowledger acknowledger, RegistryOptions options, TimeProvider time)
{
    public TimeProvider Time => time;

    public async Task<WriteOutcome> SubmitAsync(IReadOnlyList<NewEntry> entries, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        // Not cancelled by the caller: once submitted, the write goes through even if the client leaves.
        IReadOnlyList<LedgerEntry> committed = await writer.SubmitAsync(entries);
        long lsn = committed[^1].Lsn;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.AckTimeout);
        try
        {
            DateTimeOffset enforcedAt = await acknowledger.WaitEnforcedAsync(lsn, deadline.Token);
            return new WriteOutcome(committed, receivedAt, enforcedAt);
        }
        catch (OperationCanceledException)
        {
            return new WriteOutcome(committed, receivedAt, null);
        }
    }

    public bool IsHealthy => writer.Fault is null;
}
