namespace Heed.Core.Purposes;

/// <summary>
/// Computes every node's masks (<see cref="Purpose.SubtreeBits"/>, <see cref="Purpose.CoverBits"/>,
/// <see cref="Purpose.CheckBits"/>, <see cref="Purpose.ClearBits"/>) from the tree and its deprecations.
/// Works on flat rows of words, one row per node and mask, as wide as the highest bit.
/// </summary>
internal static class TaxonomyMasks
{
    public static void Compute(List<Purpose> nodes, int maxBit)
    {
        int width = (maxBit / 64) + 1;
        int n = nodes.Count;
        ulong[] subtree = new ulong[n * width];
        ulong[] cover = new ulong[n * width];
        ulong[] check = new ulong[n * width];
        ulong[] clear = new ulong[n * width];

        // Children come after parents, so walking backwards folds each subtree upward...
        for (int i = n - 1; i >= 0; i--)
        {
            Purpose node = nodes[i];
            Set(subtree, i, width, node.Bit);
            if (node.Parent is { } parent)
            {
                Or(subtree, parent.Index, subtree, i, width);
            }
        }

        // ...and forwards, each node's path from the root is its parent's path plus its own bit.
        foreach (Purpose node in nodes)
        {
            int i = node.Index;
            Set(cover, i, width, node.Bit);
            if (node.Parent is { } parent)
            {
                Or(cover, i, cover, parent.Index, width);
            }

            Or(clear, i, subtree, i, width);
            if (!node.IsEssential)
            {
                Or(check, i, cover, i, width);
                Or(check, i, subtree, i, width);
            }
        }

        CarryOver(nodes, width, cover, check, clear);
        foreach (Purpose node in nodes)
        {
            node.SubtreeBits = Bits(subtree, node.Index, width);
            node.CoverBits = Bits(cover, node.Index, width);
            node.ClearBits = Bits(clear, node.Index, width);
            node.CheckBits = Bits(check, node.Index, width);
            node.CheckMask = node.CheckBits.Word0;
        }
    }

    /// <summary>
    /// Deprecation of A with successor B: wherever B's bit counts (in a cover, check or clear mask), A's bit
    /// counts too, and A's check mask takes all of B's. Repeated until nothing changes, so chains
    /// (A → B, later B → C) carry over all the way. Only ever sets bits.
    /// </summary>
    private static void CarryOver(List<Purpose> nodes, int width, ulong[] cover, ulong[] check, ulong[] clear)
    {
        Purpose[] deprecated = nodes.Where(p => p.Successor is not null && p.Bit >= 0 && p.Successor.Bit >= 0).ToArray();
        bool changed = deprecated.Length > 0;
        while (changed)
        {
            changed = false;
            foreach (Purpose a in deprecated)
            {
                Purpose b = a.Successor!;
                foreach (Purpose p in nodes)
                {
                    if (p.IsEssential)
                    {
                        continue;
                    }

                    changed |= Carry(cover, p.Index, width, b.Bit, a.Bit);
                    changed |= Carry(check, p.Index, width, b.Bit, a.Bit);
                    changed |= Carry(clear, p.Index, width, b.Bit, a.Bit);
                }

                changed |= Or(check, a.Index, check, b.Index, width);
            }
        }
    }

    private static bool Carry(ulong[] rows, int row, int width, int from, int to)
    {
        ref ulong fromWord = ref rows[(row * width) + (from / 64)];
        ref ulong toWord = ref rows[(row * width) + (to / 64)];
        if ((fromWord & (1UL << (from % 64))) == 0 || (toWord & (1UL << (to % 64))) != 0)
        {
            return false;
        }

        toWord |= 1UL << (to % 64);
        return true;
    }

    private static void Set(ulong[] rows, int row, int width, int bit)
    {
        if (bit >= 0)
        {
            rows[(row * width) + (bit / 64)] |= 1UL << (bit % 64);
        }
    }

    /// <summary>rows[target] |= source[from]; whether a bit was added.</summary>
    private static bool Or(ulong[] rows, int target, ulong[] source, int from, int width)
    {
        bool changed = false;
        Span<ulong> t = rows.AsSpan(target * width, width);
        ReadOnlySpan<ulong> s = source.AsSpan(from * width, width);
        for (int w = 0; w < width; w++)
        {
            ulong merged = t[w] | s[w];
            changed |= merged != t[w];
            t[w] = merged;
        }

        return changed;
    }

    private static PurposeBits Bits(ulong[] rows, int row, int width) =>
        PurposeBits.FromWords(rows[row * width], rows.AsSpan((row * width) + 1, width - 1));
}
