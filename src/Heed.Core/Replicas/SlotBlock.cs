using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Heed.Core.Replicas;

/// <summary>
/// The slots of one <see cref="ReplicaTable"/> generation: 16 bytes each (key, mask), four to a 64-byte
/// cache line, the first line aligned, in a pinned array so the alignment holds and prefetches may use
/// its address. A key's probe starts at the first slot of its line, so a lookup of a key that is there
/// (or absent, from a line with room) reads one line. On Linux a large block asks for transparent huge
/// pages: 2 MB pages cover a 10M-record table with about 128 TLB entries, where 4 KB pages miss the TLB
/// on nearly every random lookup.
/// </summary>
internal sealed class SlotBlock
{
    /// <summary>Slots per cache line.</summary>
    public const int LineSlots = 4;

    private const int LineWords = 2 * LineSlots;
    private const long HugePageBytes = 2 << 20;

    private readonly ulong[] _words;
    private readonly int _first;
    private readonly ulong _lines;

    /// <summary>A zeroed block of at least <paramref name="slots"/> slots, rounded up to whole lines.</summary>
    public unsafe SlotBlock(int slots)
    {
        int lines = (int)(((long)slots + LineSlots - 1) / LineSlots);
        Length = lines * LineSlots;
        long words = (2L * Length) + LineWords - 1;
        long bytes = words * sizeof(ulong);
        bool huge = bytes >= 2 * HugePageBytes && OperatingSystem.IsLinux();

        // Uninitialized when huge: the pages must not be touched before the advice, or they are already
        // small pages by the time it is given. They are zeroed right after it.
        _words = huge ? GC.AllocateUninitializedArray<ulong>((int)words, pinned: true) : GC.AllocateArray<ulong>((int)words, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_words));
        _first = (int)((-address & 63) / sizeof(ulong));
        _lines = (ulong)lines;
        if (huge)
        {
            HugePages.Advise(address, bytes);
            _words.AsSpan().Clear();
        }
    }

    /// <summary>Slots in the block, a multiple of <see cref="LineSlots"/>.</summary>
    public int Length { get; }

    /// <summary>The key of slot <paramref name="slot"/>; its mask is the next word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref ulong KeyAt(int slot) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_words), _first + (2 * slot));

    /// <summary>The first slot of the line <paramref name="key"/> belongs to. Multiply-shift on the high bits:
    /// any number of lines works, and keys in order map to lines in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int StartOf(ulong key) => (int)Math.BigMul(key, _lines, out _) * LineSlots;
}
