using Heed.Core.Decisions;
using Heed.Core.Leases;
using Heed.Core.Purposes;
using Heed.Core.Subjects;

namespace Heed.Core.Replicas;

/// <summary>
/// What an enforcement point answers from: the table, the taxonomy, the applied LSN and the lease.
/// <see cref="Check(ReadOnlySpan{char}, ReadOnlySpan{char})"/> is normalize, hash, one lookup, one AND,
/// and allocates nothing.
/// </summary>
public sealed class ReplicaState
{
    private PurposeTaxonomy _taxonomy;
    private long _appliedLsn;

    public ReplicaState(PurposeTaxonomy taxonomy, LeaseClock lease, ReplicaTable? table = null)
    {
        _taxonomy = taxonomy;
        Lease = lease;
        Table = table ?? new ReplicaTable();
    }

    public ReplicaTable Table { get; }

    public LeaseClock Lease { get; }

    public PurposeTaxonomy Taxonomy
    {
        get => Volatile.Read(ref _taxonomy);
        set => Volatile.Write(ref _taxonomy, value);
    }

    /// <summary>The highest LSN whose changes are all in <see cref="Table"/>.</summary>
    public long AppliedLsn
    {
        get => Volatile.Read(ref _appliedLsn);
        set => Volatile.Write(ref _appliedLsn, value);
    }

    /// <summary>True while the replica can prove it is fresh.</summary>
    public bool IsFresh => Lease.IsValid(AppliedLsn);

    public Decision Check(ReadOnlySpan<char> subject, ReadOnlySpan<char> purpose)
    {
        // The applied LSN is read first: the table read after it holds at least that LSN, and the
        // lease is judged for it (DESIGN §6).
        long lsn = AppliedLsn;
        if (SubjectHash.TryHash(subject, out ulong key) != SubjectError.None)
        {
            return new Decision(DecisionReason.InvalidSubject, lsn);
        }

        // The slot is read before the purpose is resolved and the lease judged, so that a cache miss
        // on a large table overlaps that work. Nothing is answered from it without a valid lease.
        ulong mask = Table.Get(key);
        if (!Taxonomy.TryGet(purpose, out Purpose p))
        {
            return new Decision(DecisionReason.UnknownPurpose, lsn);
        }

        return Decide(mask, p, lsn);
    }

    /// <summary>The check for an already hashed subject and resolved purpose.</summary>
    public Decision Check(ulong subjectKey, Purpose purpose)
    {
        long lsn = AppliedLsn;
        return Decide(Table.Get(subjectKey), purpose, lsn);
    }

    private Decision Decide(ulong mask, Purpose purpose, long lsn)
    {
        // Freshness first: a replica that cannot prove it is fresh answers nothing from its copy.
        if (!Lease.IsValid(lsn))
        {
            return new Decision(DecisionReason.Unconfirmed, lsn);
        }

        if (purpose.IsEssential)
        {
            return new Decision(DecisionReason.Essential, lsn);
        }

        return (mask & purpose.CheckMask) == 0
            ? new Decision(DecisionReason.Allowed, lsn)
            : new Decision(DecisionReason.OptedOut, lsn, Taxonomy.FindMatch(purpose, mask));
    }
}
