using Heed.Core.Purposes;
using Heed.Core.Subjects;

namespace Heed.Core.Replicas;

/// <summary>
/// The registry's per-subject opt-outs and the table it feeds. Each subject keeps the bits of the
/// nodes it opted out of explicitly; a table slot holds the OR of the effective masks of every
/// subject whose hash lands on it, so a collision over-blocks and never leaks. Single writer.
/// </summary>
public sealed class SubjectMasks
{
    private readonly Dictionary<ulong, Entry> _byHash = [];

    public SubjectMasks(ReplicaTable table) => Table = table;

    public ReplicaTable Table { get; }

    public int SubjectCount { get; private set; }

    /// <summary>The explicitly opted-out nodes of a subject, as bits.</summary>
    public ulong ExplicitBits(string canonicalSubject, ulong hash)
    {
        for (Entry? e = _byHash.GetValueOrDefault(hash); e is not null; e = e.Next)
        {
            if (e.Subject == canonicalSubject)
            {
                return e.Explicit;
            }
        }

        return 0;
    }

    /// <summary>Records an opt-out of <paramref name="purpose"/>; returns the slot's new mask.</summary>
    public ulong Set(string canonicalSubject, ulong hash, Purpose purpose)
    {
        if (purpose.Bit < 0)
        {
            throw new ArgumentException($"purpose '{purpose.Name}' cannot be opted out of", nameof(purpose));
        }

        return Update(canonicalSubject, hash, bits => bits | (1UL << purpose.Bit));
    }

    /// <summary>Clears the opt-outs of <paramref name="purpose"/> and of every node below it. An
    /// opt-out of an ancestor stays and still covers the purpose.</summary>
    public ulong Clear(string canonicalSubject, ulong hash, Purpose purpose) =>
        Update(canonicalSubject, hash, bits => bits & ~purpose.SubtreeMask);

    /// <summary>The effective mask of a subject's explicit bits: each node's whole subtree.</summary>
    public static ulong Effective(ulong explicitBits, PurposeTaxonomy taxonomy)
    {
        ulong mask = 0;
        foreach (Purpose p in taxonomy.All)
        {
            if (p.Bit >= 0 && (explicitBits & (1UL << p.Bit)) != 0)
            {
                mask |= p.SubtreeMask;
            }
        }

        return mask;
    }

    /// <summary>The taxonomy that turns explicit bits into effective masks.</summary>
    public PurposeTaxonomy? Taxonomy { get; set; }

    private ulong Update(string subject, ulong hash, Func<ulong, ulong> change)
    {
        PurposeTaxonomy taxonomy = Taxonomy ?? throw new InvalidOperationException("set Taxonomy first");
        Entry? head = _byHash.GetValueOrDefault(hash);
        Entry? entry = null;
        for (Entry? e = head; e is not null; e = e.Next)
        {
            if (e.Subject == subject)
            {
                entry = e;
                break;
            }
        }

        if (entry is null)
        {
            entry = new Entry(subject) { Next = head };
            _byHash[hash] = entry;
            SubjectCount++;
        }

        entry.Explicit = change(entry.Explicit);
        entry.Effective = Effective(entry.Explicit, taxonomy);

        ulong slot = 0;
        for (Entry? e = _byHash[hash]; e is not null; e = e.Next)
        {
            slot |= e.Effective;
        }

        Table.Set(hash, slot);
        return slot;
    }

    private sealed class Entry(string subject)
    {
        public string Subject { get; } = subject;

        public ulong Explicit { get; set; }

        public ulong Effective { get; set; }

        public Entry? Next { get; set; }
    }
}
