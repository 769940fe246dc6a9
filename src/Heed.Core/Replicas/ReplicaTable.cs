using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Heed.Core.Purposes;

namespace Heed.Core.Replicas;

/// <summary>
/// Subject hash → the bits of the purposes the subject opted out of (see <see cref="SubjectMasks"/>).
/// Open addressing with linear probing over 16-byte slots, four to a cache line, a probe starting at the
/// first slot of its key's line (see <see cref="SlotBlock"/>). One writer, any number of lock-free readers:
/// a new slot's mask is written before its key is published, and a resize publishes a complete copy.
/// A cleared subject's slot keeps its key with mask 0 (which allows, as an absent key does) until the
/// next rebuild: slots are never removed in place, because a reader probing past a removed slot would
/// stop early and miss a key behind it. Every rebuild (a resize, or a compaction once cleared slots are
/// a quarter of the table) leaves cleared slots out, so memory follows the subjects that opted out.
/// A slot holds word 0 of the subject's <see cref="PurposeBits"/>; the rare subject with a bit ≥ 64 has
/// bit 63 set there and its higher words in a side table (<see cref="High"/>), so every other subject
/// keeps its 16-byte slot and its one lookup.
/// </summary>
public sealed class ReplicaTable
{
    private const double MaxLoad = 0.75;
    private const int MaxSlots = 1 << 30;
    private readonly WideWords _wide = new();
    private SlotBlock _slots;
    private int _occupied;
    private int _count;

    /// <summary>An empty table sized for about <paramref name="capacity"/> subjects; it grows as needed.</summary>
    public ReplicaTable(int capacity = 1024)
    {
        _slots = new SlotBlock(SizeFor(Math.Max(capacity, 16)));
    }

    /// <summary>Subjects with a non-zero mask: what a snapshot ships.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Slots holding a key, cleared ones (mask 0) included until the next rebuild.</summary>
    public int Occupied => Volatile.Read(ref _occupied);

    /// <summary>Slots allocated; memory is 16 bytes each.</summary>
    public int Capacity => Volatile.Read(ref _slots).Length;

    /// <summary>Subjects whose mask has bits ≥ 64, held beside the slots.</summary>
    public int WideCount => _wide.Count;

    /// <summary>Bytes held by the slots and the words beside them.</summary>
    public long AllocatedBytes => ((long)Capacity * 16) + _wide.Bytes;

    /// <summary>Word 0 of the mask of <paramref name="key"/> (bit 63 set: more in <see cref="High"/>), or 0
    /// when the subject has never opted out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Get(ulong key)
    {
        SlotBlock slots = Volatile.Read(ref _slots);
        int i = slots.StartOf(key);
        while (true)
        {
            ref ulong slot = ref slots.KeyAt(i);
            ulong k = Volatile.Read(ref slot);
            if (k == key)
            {
                return Volatile.Read(ref Unsafe.Add(ref slot, 1));
            }

            if (k == 0)
            {
                return 0;
            }

            if (++i == slots.Length)
            {
                i = 0;
            }
        }
    }

    /// <summary>The words above word 0 of <paramref name="key"/>'s mask (see <see cref="PurposeBits.High"/>);
    /// empty when it has none. Read them only when <see cref="Get"/> has bit 63 set. Allocates nothing.</summary>
    public ReadOnlySpan<ulong> High(ulong key) => _wide.Get(key);

    /// <summary>The whole mask of <paramref name="key"/>. Allocates nothing.</summary>
    public PurposeBits GetBits(ulong key) => BitsOf(key, Get(key));

    /// <summary>The whole mask of a slot whose word 0 <paramref name="word0"/> was already read.</summary>
    internal PurposeBits BitsOf(ulong key, ulong word0) =>
        (word0 & PurposeBits.WideFlag) == 0 ? new PurposeBits(word0, null)
        : _wide.Get(key) is { } high ? new PurposeBits(word0, high)
        : new PurposeBits(word0 & ~PurposeBits.WideFlag, null);

    /// <summary>Sets the whole mask of a slot: its higher words first, then word 0 with bit 63 set, so a
    /// reader that sees the bit finds them; an empty mask clears the slot. Single writer only.</summary>
    public void Set(ulong key, PurposeBits mask)
    {
        if (mask.IsWide)
        {
            ArgumentOutOfRangeException.ThrowIfZero(key);
            _wide.Set(key, mask.HighWords!);
            SetSlot(key, mask.Word0);
            return;
        }

        SetSlot(key, mask.Word0);
        _wide.Remove(key);
    }

    /// <summary>Asks the CPU to start loading the slot of <paramref name="key"/>, so that a later
    /// <see cref="Get"/> finds it in cache. A hint only: nothing is read, nothing can fault.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(ulong key)
    {
        if (Sse.IsSupported)
        {
            // The block is pinned, so the address stays its own.
            SlotBlock slots = Volatile.Read(ref _slots);
            Sse.Prefetch0(Unsafe.AsPointer(ref slots.KeyAt(slots.StartOf(key))));
        }
    }

    /// <summary>Sets the mask of a slot whose bits all fit word 0; a mask of 0 clears it. Single writer only.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Key 0, or bit 63 set (a wide mask: use <see cref="Set(ulong, PurposeBits)"/>).</exception>
    public void Set(ulong key, ulong mask)
    {
        if ((mask & PurposeBits.WideFlag) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mask), "bit 63 marks a wide mask: set its higher words with it");
        }

        SetSlot(key, mask);
        _wide.Remove(key);
    }

    private void SetSlot(ulong key, ulong mask)
    {
        if (key == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(key), "key 0 marks an empty slot");
        }

        SlotBlock slots = _slots;
        int i = slots.StartOf(key);
        while (true)
        {
            ref ulong slotKey = ref slots.KeyAt(i);
            ref ulong slotMask = ref Unsafe.Add(ref slotKey, 1);
            if (slotKey == key)
            {
                ulong old = slotMask;
                Volatile.Write(ref slotMask, mask);
                if ((old == 0) != (mask == 0))
                {
                    Volatile.Write(ref _count, _count + (mask == 0 ? -1 : 1));
                }

                if (mask == 0 && _occupied - _count > slots.Length / 4)
                {
                    // A quarter of the table is cleared slots: rebuild for the live ones. It takes a
                    // quarter of the table's clears to get here, so each clear pays O(1) for it.
                    Rebuild(SizeFor(_count + (_count / 2)));
                }

                return;
            }

            if (slotKey == 0)
            {
                if (mask == 0)
                {
                    // Never seen: a clear costs nothing.
                    return;
                }

                if (_occupied + 1 > slots.Length * MaxLoad)
                {
                    // Mostly cleared slots: rebuild at the same size. Otherwise half again as many slots:
                    // the load drops to 0.5, not below, so a table grown one write at a time holds at
                    // most 16 / 0.5 = 32 bytes per record (presized: 21.3).
                    long size = _count + 1 <= slots.Length * MaxLoad / 2 ? slots.Length : slots.Length + ((long)slots.Length / 2);
                    Rebuild((int)Math.Min(MaxSlots, size));
                    SetSlot(key, mask);
                    return;
                }

                slotMask = mask;
                Volatile.Write(ref slotKey, key);
                Volatile.Write(ref _occupied, _occupied + 1);
                Volatile.Write(ref _count, _count + 1);
                return;
            }

            if (++i == slots.Length)
            {
                i = 0;
            }
        }
    }

    /// <summary>Sizes the table for <paramref name="count"/> subjects before a bulk load. Single writer only.</summary>
    public void EnsureCapacity(int count)
    {
        int size = SizeFor(count);
        if (size > _slots.Length)
        {
            Rebuild(size);
        }
    }

    /// <summary>Rebuilds the table without its cleared slots, if it has any. Single writer only.</summary>
    public void Compact()
    {
        if (_occupied > _count)
        {
            Rebuild(Math.Max(SizeFor(_count), Math.Min(_slots.Length, SizeFor(_count + (_count / 2)))));
        }
    }

    /// <summary>
    /// A cursor over the slots as they are now, for streaming a snapshot while the writer goes on.
    /// It holds the current slot array, so a resize during the scan skips nothing: a slot changed
    /// after the scan began may show its old or new mask, and the changes that follow fix it up.
    /// </summary>
    public Scanner Scan() => new(Volatile.Read(ref _slots));

    private static int SizeFor(int count) => (int)Math.Min(MaxSlots, Math.Max(16, (long)Math.Ceiling(count / MaxLoad) + 1));

    /// <summary>Publishes a complete copy of the live slots at <paramref name="size"/>: readers of the
    /// old array still find every key there, and a cleared key reads 0 in both.</summary>
    private void Rebuild(int size)
    {
        var next = new SlotBlock(Math.Max(size, SizeFor(_count)));
        SlotBlock old = _slots;
        int live = 0;
        for (int s = 0; s < old.Length; s++)
        {
            ref ulong slot = ref old.KeyAt(s);
            ulong key = slot;
            ulong mask = Unsafe.Add(ref slot, 1);
            if (key == 0 || mask == 0)
            {
                continue;
            }

            int i = next.StartOf(key);
            while (next.KeyAt(i) != 0)
            {
                if (++i == next.Length)
                {
                    i = 0;
                }
            }

            ref ulong target = ref next.KeyAt(i);
            target = key;
            Unsafe.Add(ref target, 1) = mask;
            live++;
        }

        Volatile.Write(ref _slots, next);
        Volatile.Write(ref _occupied, live);
    }

    /// <summary>Reads slots with a non-zero mask in chunks; see <see cref="Scan"/>.</summary>
    public sealed class Scanner
    {
        private readonly SlotBlock _slots;
        private int _next;

        internal Scanner(SlotBlock slots) => _slots = slots;

        /// <summary>Fills <paramref name="keys"/> and <paramref name="masks"/>; returns how many, 0 at the end.</summary>
        public int Read(Span<ulong> keys, Span<ulong> masks)
        {
            int n = 0;
            int limit = Math.Min(keys.Length, masks.Length);
            while (n < limit && _next < _slots.Length)
            {
                ref ulong slot = ref _slots.KeyAt(_next++);
                ulong key = Volatile.Read(ref slot);
                ulong mask = Volatile.Read(ref Unsafe.Add(ref slot, 1));
                if (key != 0 && mask != 0)
                {
                    keys[n] = key;
                    masks[n] = mask;
                    n++;
                }
            }

            return n;
        }
    }
}
