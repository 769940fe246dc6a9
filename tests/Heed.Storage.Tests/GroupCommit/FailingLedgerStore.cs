using Heed.Storage.Ledger;

namespace Heed.Storage.Tests.GroupCommit;

/// <summary>
/// A real store whose appends start failing, like a disk that went away, from a given call on, and keep
/// failing (recovery included) until <see cref="Heal"/>. Used where a real broken disk cannot be had in-process.
/// </summary>
public sealed class FailingLedgerStore(ILedgerStore inner, int failFromAppend) : DelegatingLedgerStore(inner)
{
    private int _appends;
    private int _recoveries;
    private volatile bool _healed;

    public int Appends => Volatile.Read(ref _appends);

    public int Recoveries => Volatile.Read(ref _recoveries);

    /// <summary>A failing append commits through to the real store first, like an fsync that fails after the data reached the disk.</summary>
    public bool FailAfterCommit { get; init; }

    /// <summary>The store works again from now on.</summary>
    public void Heal() => _healed = true;

    public override async Task<IReadOnlyList<LedgerEntry>> AppendAsync(IReadOnlyList<NewEntry> entries, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _appends) < failFromAppend || _healed)
        {
            return await Inner.AppendAsync(entries, cancellationToken);
        }

        if (FailAfterCommit)
        {
            await Inner.AppendAsync(entries, cancellationToken);
        }

        throw new IOException("disk I/O error");
    }

    public override Task RecoverAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _recoveries);
        return _healed ? Inner.RecoverAsync(cancellationToken) : Task.FromException(new IOException("disk I/O error"));
    }
}
