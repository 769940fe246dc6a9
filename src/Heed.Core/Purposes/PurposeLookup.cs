using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Heed.Core.Purposes;

/// <summary>
/// Name → purpose for the check path: open addressing over a power-of-two table at most a quarter full,
/// hashed from the length and three 4-character windows (start, middle, end), which tell apart names
/// that share a prefix (<c>marketing.communications.email</c>, <c>….sms</c>). A probe compares the full
/// name, so a hash collision costs a compare, never a wrong answer.
/// </summary>
internal sealed class PurposeLookup
{
    private readonly Purpose?[] _slots;
    private readonly int _shift;

    public PurposeLookup(IReadOnlyList<Purpose> purposes)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, purposes.Count * 4));
        _slots = new Purpose?[size];
        _shift = 64 - BitOperations.Log2((uint)size);
        foreach (Purpose purpose in purposes)
        {
            int i = IndexOf(purpose.Name);
            while (_slots[i] is not null)
            {
                i = (i + 1) & (_slots.Length - 1);
            }

            _slots[i] = purpose;
        }
    }

    public bool TryGet(ReadOnlySpan<char> name, out Purpose purpose)
    {
        Purpose?[] slots = _slots;
        int i = IndexOf(name);
        while (slots[i] is { } candidate)
        {
            if (candidate.Name.AsSpan().SequenceEqual(name))
            {
                purpose = candidate;
                return true;
            }

            i = (i + 1) & (slots.Length - 1);
        }

        purpose = null!;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int IndexOf(ReadOnlySpan<char> name)
    {
        ulong hash = (ulong)name.Length * 0x9E3779B97F4A7C15UL;
        if (name.Length >= 4)
        {
            ref byte start = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(name));
            hash ^= Unsafe.ReadUnaligned<ulong>(ref start);
            hash = BitOperations.RotateLeft(hash * 0xBF58476D1CE4E5B9UL, 31);
            hash ^= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, (name.Length / 2 - 2) * sizeof(char)));
            hash = BitOperations.RotateLeft(hash * 0x94D049BB133111EBUL, 31);
            hash ^= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, (name.Length - 4) * sizeof(char)));
        }
        else
        {
            foreach (char c in name)
            {
                hash = (hash ^ c) * 0xBF58476D1CE4E5B9UL;
            }
        }

        return (int)((hash * 0x9E3779B97F4A7C15UL) >> _shift);
    }
}
