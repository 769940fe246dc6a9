using Heed.Registry.Hosting;
using Heed.Storage;
using Heed.Storage.GroupCommit;
using Heed.Storage.Ledger;

namespace Heed.Registry.Writes;

/// <summary>
/// Validated writes go here: durable (group commit), applied, then acknowledged once enforced
/// everywhere or the deadline passes. The write is durable either way; the answer says which.
/// Writes are refused (<see cref="StoreUnavailableException"/>, answered 503) while the store fails and
/// for good once the registry cannot prove it is its store's one registry.
/// </summary>
public sealed class WritePipeline(GroupCommitWriter writer, StoreOwnership ownership, IEnforcementAcknowledger acknowledger, EnforcementRecorder recorder, RegistryOptions options, TimeProvider time)
{
    public TimeProvider Time => time;

    /// <summary>Null while writes are taken; otherwise why they are refused.</summary>
    public string? RefusedBecause => ownership.LostReason is { } lost
        ? $"this registry no longer holds the lock on its data directory ({lost}); restart it"
        : writer.Status.Reason;

    /// <exception cref="StoreUnavailableException">Writes are refused now; the write may not be durable.</exception>
    /// <exception cref="LedgerEntryException">The store refused an entry of this write; nothing of it was written.</exception>
    public async Task<WriteOutcome> SubmitAsync(IReadOnlyList<NewEntry> entries, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (ownership.LostReason is not null)
        {
            throw new StoreUnavailableException(RefusedBecause!, isTransient: false);
        }

        // Not cancelled by the caller: once submitted, the write goes through even if the client leaves.
        IReadOnlyList<LedgerEntry> committed = await writer.SubmitAsync(entries);
        long lsn = committed[^1].Lsn;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.AckTimeout);
        try
        {
            DateTimeOffset enforcedAt = await acknowledger.WaitEnforcedAsync(lsn, deadline.Token);
            recorder.Enforced(lsn, enforcedAt);
            return new WriteOutcome(committed, receivedAt, enforcedAt);
        }
        catch (OperationCanceledException)
        {
            recorder.Late(lsn);
            return new WriteOutcome(committed, receivedAt, null);
        }
    }
}
