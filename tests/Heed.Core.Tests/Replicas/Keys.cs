namespace Heed.Core.Tests.Replicas;

/// <summary>Distinct, well-spread, non-zero table keys and non-zero masks, by index.</summary>
public static class Keys
{
    /// <summary>SplitMix64 finalizer: a bijection, so distinct indexes give distinct keys.</summary>
    public static ulong Of(long index)
    {
        ulong z = (ulong)index + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return z == 0 ? ulong.MaxValue : z;
    }

    /// <summary>A mask with bit 0 always set, so it is never zero, and bit 63 clear: it fits word 0.</summary>
    public static ulong MaskOf(long index) => ((Of(~index) << 1) | 1) & ~Core.Purposes.PurposeBits.WideFlag;
}
