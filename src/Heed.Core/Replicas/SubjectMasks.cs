using Heed.Core.Purposes;

namespace Heed.Core.Replicas;

/// <summary>
/// The registry's per-subject opt-outs and the table it feeds. Each subject keeps the bits of the
/// nodes it opted out of explicitly; a table slot holds the OR of the bits of every subject whose hash
/// lands on it, so a collision over-blocks and never leaks. A subject whose last opt-out is cleared is
/// forgotten, and a clear for a subject never seen records nothing. Single writer.
/// </summary>
/// <remarks>
/// Slots hold explicit bits, not each node's subtree: a check ANDs them with the purpose's
/// <see cref="Purpose.CheckMask"/> (its ancestors, itself, its descendants). A purpose added later below
/// an opted-out node is then denied at once, with no mask to recompute in any replica.
/// </remarks>
public sealed class SubjectMasks
{
    private readonly Dictionary<ulong, Entry> _byHash = [];

    /// <summary>Per-subject opt-outs that feed <paramref name="table"/>.</summary>
    public SubjectMasks(ReplicaTable table) => Table = table;

    /// <summary>The table this feeds.</summary>
    public ReplicaTable Table { get; }

    /// <summary>Subjects with at least one explicit opt-out bit.</summary>
    public int SubjectCount { get; private set; }

    /// <summary>The explicitly opted-out nodes of a subject, as bits.</summary>
    public PurposeBits ExplicitBits(string canonicalSubject, ulong hash)
    {
        for (Entry? e = _byHash.GetValueOrDefault(hash); e is not null; e = e.Next)
        {
            if (e.Subject == canonicalSubject)
            {
                return e.Explicit;
            }
        }

        return PurposeBits.Empty;
    }

    /// <summary>Records an opt-out of <paramref name="purpose"/>; returns the slot's new mask.</summary>
    /// <exception cref="ArgumentException">The purpose is essential and cannot be opted out of.</exception>
    public PurposeBits Set(string canonicalSubject, ulong hash, Purpose purpose)
    {
        if (purpose.Bit < 0)
        {
            throw new ArgumentException($"purpose '{purpose.Name}' cannot be opted out of", nameof(purpose));
        }

        Entry entry = FindOrAdd(canonicalSubject, hash);
        entry.Explicit |= PurposeBits.Of(purpose.Bit);
        return Publish(hash);
    }

    /// <summary>Clears the opt-outs of <paramref name="purpose"/> and of every node below it (its
    /// <see cref="Purpose.ClearBits"/>, which include those of deprecated purposes carried over into it);
    /// returns the slot's new mask. An opt-out of an ancestor stays and still covers the purpose.</summary>
    public PurposeBits Clear(string canonicalSubject, ulong hash, Purpose purpose)
    {
        Entry? previous = null;
        for (Entry? e = _byHash.GetValueOrDefault(hash); e is not null; previous = e, e = e.Next)
        {
            if (e.Subject != canonicalSubject)
            {
                continue;
            }

            e.Explicit -= purpose.ClearBits;
            if (e.Explicit.IsEmpty)
            {
                Remove(hash, previous, e);
            }

            return Publish(hash);
        }

        return Table.GetBits(hash);
    }

    private Entry FindOrAdd(string subject, ulong hash)
    {
        Entry? head = _byHash.GetValueOrDefault(hash);
        for (Entry? e = head; e is not null; e = e.Next)
        {
            if (e.Subject == subject)
            {
                return e;
            }
        }

        var entry = new Entry(subject) { Next = head };
        _byHash[hash] = entry;
        SubjectCount++;
        return entry;
    }

    private void Remove(ulong hash, Entry? previous, Entry entry)
    {
        if (previous is not null)
        {
            previous.Next = entry.Next;
        }
        else if (entry.Next is not null)
        {
            _byHash[hash] = entry.Next;
        }
        else
        {
            _byHash.Remove(hash);
        }

        SubjectCount--;
    }

    private PurposeBits Publish(ulong hash)
    {
        PurposeBits slot = PurposeBits.Empty;
        for (Entry? e = _byHash.GetValueOrDefault(hash); e is not null; e = e.Next)
        {
            slot |= e.Explicit;
        }

        Table.Set(hash, slot);
        return slot;
    }

    private sealed class Entry(string subject)
    {
        public string Subject { get; } = subject;

        public PurposeBits Explicit { get; set; }

        public Entry? Next { get; set; }
    }
}
