using System.Numerics;

namespace Heed.Core.Purposes;

/// <summary>
/// A set of purpose bits of any width: word 0 (bits 0–62) and, only when a bit ≥ 64 is set, the words
/// above it (<see cref="High"/>: word <c>i</c> holds bits 64·(i+1) … 64·(i+1)+63). Bit 63 is never a
/// purpose: <see cref="Word0"/> has it set exactly when some high word is non-zero, so a table slot that
/// holds word 0 alone still says whether there is more to read. Immutable: the high words are never
/// written after construction, so a value may be shared by readers on other threads.
/// </summary>
public readonly struct PurposeBits : IEquatable<PurposeBits>
{
    /// <summary>Bit 63 of word 0: the mask has bits beyond word 0.</summary>
    public const ulong WideFlag = 1UL << WideBit;

    /// <summary>The bit number that is never a purpose's.</summary>
    public const int WideBit = 63;

    private readonly ulong[]? _high;

    /// <summary>Wraps words that nobody writes again; <paramref name="high"/> is trimmed and word 0's bit 63 matches it.</summary>
    internal PurposeBits(ulong word0, ulong[]? high)
    {
        Word0 = word0;
        _high = high;
    }

    /// <summary>No bits.</summary>
    public static PurposeBits Empty => default;

    /// <summary>Bits 0–62, with bit 63 set when <see cref="High"/> has any bit.</summary>
    public ulong Word0 { get; }

    /// <summary>The words above word 0; empty when no bit ≥ 64 is set (the last word is never zero).</summary>
    public ReadOnlySpan<ulong> High => _high;

    /// <summary>The array behind <see cref="High"/>, for holders that keep it as is; never written.</summary>
    internal ulong[]? HighWords => _high;

    /// <summary>Whether no bit is set.</summary>
    public bool IsEmpty => Word0 == 0;

    /// <summary>Whether some bit ≥ 64 is set.</summary>
    public bool IsWide => (Word0 & WideFlag) != 0;

    /// <summary>The set holding <paramref name="bit"/> alone.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative bit, or bit 63.</exception>
    public static PurposeBits Of(int bit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bit);
        if (bit == WideBit)
        {
            throw new ArgumentOutOfRangeException(nameof(bit), "bit 63 marks a wide mask and is never a purpose's");
        }

        if (bit < 64)
        {
            return new PurposeBits(1UL << bit, null);
        }

        var high = new ulong[(bit / 64)];
        high[^1] = 1UL << (bit % 64);
        return new PurposeBits(WideFlag, high);
    }

    /// <summary>Word 0 and the words above it as the wire and the table carry them; bit 63 of
    /// <paramref name="word0"/> is recomputed from <paramref name="high"/>.</summary>
    public static PurposeBits FromWords(ulong word0, ReadOnlySpan<ulong> high)
    {
        int length = high.Length;
        while (length > 0 && high[length - 1] == 0)
        {
            length--;
        }

        return length == 0
            ? new PurposeBits(word0 & ~WideFlag, null)
            : new PurposeBits(word0 | WideFlag, high[..length].ToArray());
    }

    /// <summary>Whether <paramref name="bit"/> is set; false for negative bits and bit 63.</summary>
    public bool Has(int bit)
    {
        if (bit < 0 || bit == WideBit)
        {
            return false;
        }

        if (bit < 64)
        {
            return (Word0 & (1UL << bit)) != 0;
        }

        int word = (bit / 64) - 1;
        return _high is { } high && word < high.Length && (high[word] & (1UL << (bit % 64))) != 0;
    }

    /// <summary>Whether the two sets share a bit.</summary>
    public bool Intersects(PurposeBits other) =>
        ((Word0 & other.Word0) & ~WideFlag) != 0
        || ((Word0 & other.Word0 & WideFlag) != 0 && HighIntersect(High, other.High));

    /// <summary>Whether two runs of high words share a bit.</summary>
    public static bool HighIntersect(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            if ((a[i] & b[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The bits of either set.</summary>
    public static PurposeBits operator |(PurposeBits left, PurposeBits right)
    {
        ReadOnlySpan<ulong> a = left.High;
        ReadOnlySpan<ulong> b = right.High;
        if (b.IsEmpty)
        {
            return new PurposeBits(left.Word0 | right.Word0, left._high);
        }

        if (a.IsEmpty)
        {
            return new PurposeBits(left.Word0 | right.Word0, right._high);
        }

        var high = new ulong[Math.Max(a.Length, b.Length)];
        a.CopyTo(high);
        for (int i = 0; i < b.Length; i++)
        {
            high[i] |= b[i];
        }

        return new PurposeBits(left.Word0 | right.Word0, high);
    }

    /// <summary>The bits of both sets.</summary>
    public static PurposeBits operator &(PurposeBits left, PurposeBits right)
    {
        ReadOnlySpan<ulong> a = left.High;
        ReadOnlySpan<ulong> b = right.High;
        int n = Math.Min(a.Length, b.Length);
        Span<ulong> high = n <= 64 ? stackalloc ulong[n] : new ulong[n];
        for (int i = 0; i < n; i++)
        {
            high[i] = a[i] & b[i];
        }

        return FromWords(left.Word0 & right.Word0, high);
    }

    /// <summary>The bits of <paramref name="left"/> not in <paramref name="right"/>.</summary>
    public static PurposeBits operator -(PurposeBits left, PurposeBits right)
    {
        ReadOnlySpan<ulong> a = left.High;
        if (a.IsEmpty || right.High.IsEmpty)
        {
            return a.IsEmpty
                ? new PurposeBits(left.Word0 & ~right.Word0, null)
                : new PurposeBits((left.Word0 & ~right.Word0) | WideFlag, left._high);
        }

        Span<ulong> high = a.Length <= 64 ? stackalloc ulong[a.Length] : new ulong[a.Length];
        ReadOnlySpan<ulong> b = right.High;
        for (int i = 0; i < a.Length; i++)
        {
            high[i] = a[i] & ~(i < b.Length ? b[i] : 0);
        }

        return FromWords(left.Word0 & ~right.Word0, high);
    }

    /// <summary>Every set bit, lowest first.</summary>
    public IEnumerable<int> Bits()
    {
        for (ulong w = Word0 & ~WideFlag; w != 0; w &= w - 1)
        {
            yield return BitOperations.TrailingZeroCount(w);
        }

        ulong[] high = _high ?? [];
        for (int i = 0; i < high.Length; i++)
        {
            for (ulong w = high[i]; w != 0; w &= w - 1)
            {
                yield return (64 * (i + 1)) + BitOperations.TrailingZeroCount(w);
            }
        }
    }

    /// <inheritdoc/>
    public bool Equals(PurposeBits other) => Word0 == other.Word0 && High.SequenceEqual(other.High);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PurposeBits other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Word0, _high?.Length ?? 0);

    /// <summary>The set bits, e.g. <c>{0, 3, 70}</c>.</summary>
    public override string ToString() => "{" + string.Join(", ", Bits()) + "}";

    /// <summary>Whether both hold the same bits.</summary>
    public static bool operator ==(PurposeBits left, PurposeBits right) => left.Equals(right);

    /// <summary>Whether the two differ in some bit.</summary>
    public static bool operator !=(PurposeBits left, PurposeBits right) => !left.Equals(right);
}
