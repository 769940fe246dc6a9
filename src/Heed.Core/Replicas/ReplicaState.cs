using System.Runtime.CompilerServices;
using Heed.Core.Decisions;
using Heed.Core.Leases;
using Heed.Core.Overrides;
using Heed.Core.Purposes;
using Heed.Core.Schemas;
using Heed.Core.Subjects;

namespace Heed.Core.Replicas;

/// <summary>
/// What an enforcement point answers from: the table, the taxonomy, the applied LSN and the lease.
/// <see cref="Check(ReadOnlySpan{char}, ReadOnlySpan{char})"/> is normalize, hash, one lookup, one AND,
/// and allocates nothing.
/// </summary>
public sealed class ReplicaState
{
    /// <summary>Checks per round of <see cref="CheckMany"/>: hashing a round takes several memory latencies,
    /// so only the last few slots of a round are still on their way when the round reads them, and its
    /// 64 cache lines (4 KB) are still in L1 when read.</summary>
    private const int ManyChunk = 64;

    private PurposeTaxonomy _taxonomy;
    private SchemaCatalog _schemas = SchemaCatalog.Empty;
    private long _appliedLsn;

    /// <summary>A replica with the given taxonomy and lease, over <paramref name="table"/> or a new empty table,
    /// honoring <paramref name="overrides"/> or none.</summary>
    public ReplicaState(PurposeTaxonomy taxonomy, LeaseClock lease, ReplicaTable? table = null, OverrideTable? overrides = null)
    {
        _taxonomy = taxonomy;
        Lease = lease;
        Table = table ?? new ReplicaTable();
        Overrides = overrides ?? new OverrideTable();
    }

    /// <summary>Subject hash → opted-out bits.</summary>
    public ReplicaTable Table { get; }

    /// <summary>The overrides that may turn an opt-out into an allow, timed by <see cref="Lease"/>'s clock.</summary>
    public OverrideTable Overrides { get; }

    /// <summary>The lease that proves this replica is fresh; without it every check is <see cref="DecisionReason.Unconfirmed"/>.</summary>
    public LeaseClock Lease { get; }

    /// <summary>The purpose tree checks are answered against; replaced whole when the registry's taxonomy changes.</summary>
    public PurposeTaxonomy Taxonomy
    {
        get => Volatile.Read(ref _taxonomy);
        set => Volatile.Write(ref _taxonomy, value);
    }

    /// <summary>The schema registry events are resolved against; replaced whole when the registry's set changes.</summary>
    public SchemaCatalog Schemas
    {
        get => Volatile.Read(ref _schemas);
        set => Volatile.Write(ref _schemas, value);
    }

    /// <summary>The highest LSN whose changes are all in <see cref="Table"/>.</summary>
    public long AppliedLsn
    {
        get => Volatile.Read(ref _appliedLsn);
        set => Volatile.Write(ref _appliedLsn, value);
    }

    /// <summary>True while the replica can prove it is fresh.</summary>
    public bool IsFresh => Lease.IsValid(AppliedLsn);

/// <summary>May <paramref name="subject"/>'s data be used for <paramref name="purpose"/>? Allocates nothing.</summary>
/// <param name="subject">A <c>kind:value</c> identifier, normalized here (case and spaces do not matter).</param>
/// <param name="purpose">A dotted purpose name from the taxonomy.</param>
    public Decision Check(ReadOnlySpan<char> subject, ReadOnlySpan<char> purpose)
    {
        // The applied LSN is read first: the table read after it holds at least that LSN, and the
        // lease is judged for it (docs/replication.md, "Leases").
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

        return Decide(mask, key, p, lsn, Lease.IsValid(lsn));
    }

    /// <summary>The check for an already hashed subject and resolved purpose.</summary>
    public Decision Check(ulong subjectKey, Purpose purpose)
    {
        long lsn = AppliedLsn;
        ulong mask = Table.Get(subjectKey);
        return Decide(mask, subjectKey, purpose, lsn, Lease.IsValid(lsn));
    }

    /// <summary>
    /// Answers <paramref name="requests"/> into <paramref name="decisions"/>, each as
    /// <see cref="Check(ReadOnlySpan{char}, ReadOnlySpan{char})"/> would, without allocating. Faster on a
    /// large table: the subjects of a round are hashed and their slots prefetched before any is read, so
    /// the cache misses overlap, and the lease is judged once per round, after its slots are read.
    /// </summary>
    [SkipLocalsInit]
    public void CheckMany(ReadOnlySpan<CheckRequest> requests, Span<Decision> decisions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(decisions.Length, requests.Length, nameof(decisions));
        Span<ulong> keys = stackalloc ulong[ManyChunk];
        Span<ulong> masks = stackalloc ulong[ManyChunk];
        ReplicaTable table = Table;
        for (int start = 0; start < requests.Length; start += ManyChunk)
        {
            ReadOnlySpan<CheckRequest> round = requests.Slice(start, Math.Min(ManyChunk, requests.Length - start));
            Span<Decision> answers = decisions.Slice(start, round.Length);
            long lsn = AppliedLsn;
            for (int i = 0; i < round.Length; i++)
            {
                if (SubjectHash.TryHash(round[i].Subject, out keys[i]) == SubjectError.None)
                {
                    table.Prefetch(keys[i]);
                }
            }

            for (int i = 0; i < round.Length; i++)
            {
                masks[i] = keys[i] == 0 ? 0 : table.Get(keys[i]);
            }

            bool fresh = Lease.IsValid(lsn);
            PurposeTaxonomy taxonomy = Taxonomy;
            for (int i = 0; i < round.Length; i++)
            {
                answers[i] = keys[i] == 0
                    ? new Decision(DecisionReason.InvalidSubject, lsn)
                    : !taxonomy.TryGet(round[i].Purpose.AsSpan(), out Purpose p)
                        ? new Decision(DecisionReason.UnknownPurpose, lsn)
                        : Decide(masks[i], keys[i], p, lsn, fresh);
            }
        }
    }

    private Decision Decide(ulong mask, ulong key, Purpose purpose, long lsn, bool fresh)
    {
        // Freshness first: a replica that cannot prove it is fresh answers nothing from its copy, and no
        // override changes that.
        if (!fresh)
        {
            return new Decision(DecisionReason.Unconfirmed, lsn);
        }

        if (purpose.IsEssential)
        {
            return new Decision(DecisionReason.Essential, lsn);
        }

        // One AND decides nearly every check. A hit on bit 63 alone says both the subject's mask and the
        // purpose's check bits go beyond word 0: only then are the higher words read.
        ulong hit = mask & purpose.CheckMask;
        while (hit == PurposeBits.WideFlag)
        {
            ReadOnlySpan<ulong> high = Table.High(key);
            if (!high.IsEmpty)
            {
                hit = PurposeBits.HighIntersect(high, purpose.CheckBits.High) ? hit : 0;
                break;
            }

            // The words are gone: the slot changed after word 0 was read. Judge its newer word 0, never the
            // old word 0 without its words. The same word 0 again with no words is refused below (fail closed).
            ulong again = Table.Get(key);
            if (again == mask)
            {
                break;
            }

            mask = again;
            hit = mask & purpose.CheckMask;
        }

        if (hit == 0)
        {
            return new Decision(DecisionReason.Allowed, lsn);
        }

        // Only an opt-out is ever overridden, so the override table is read on denials alone.
        Purpose? matched = Taxonomy.FindMatch(purpose, Table.BitsOf(key, mask));
        return Overrides.TryAllow(key, purpose, Lease) is { } overrideId
            ? new Decision(DecisionReason.Override, lsn, matched, overrideId)
            : new Decision(DecisionReason.OptedOut, lsn, matched);
    }
}
