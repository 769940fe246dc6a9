using System.Collections.Frozen;

namespace Heed.Core.Purposes;

/// <summary>
/// An immutable purpose tree rooted at <c>all</c>. Every node that can be opted out of owns one bit of
/// a 64-bit mask; bits are assigned in the order names are given, so appending purposes keeps old bits.
/// </summary>
public sealed partial class PurposeTaxonomy
{
    /// <summary>At most this many nodes can be opted out of: one bit each of a 64-bit mask.</summary>
    public const int MaxPurposes = 64;

    private readonly FrozenDictionary<string, Purpose> _byName;
    private readonly PurposeLookup _bySpan;

    private PurposeTaxonomy(List<Purpose> nodes)
    {
        All = nodes;
        Root = nodes[0];
        _byName = nodes.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
        _bySpan = new PurposeLookup(nodes);
        Purpose? bitless = nodes.FirstOrDefault(p => !p.IsEssential && p.Bit < 0);
        if (bitless is not null)
        {
            throw new InvalidOperationException($"purpose '{bitless.Name}' has no bit");
        }
    }

    /// <summary>Every node, the root first, parents before children.</summary>
    public IReadOnlyList<Purpose> All { get; }

    /// <summary>The <c>all</c> node; an opt-out of it covers every purpose that can be opted out of.</summary>
    public Purpose Root { get; }

    /// <summary>The number of nodes, the root and essential ones included.</summary>
    public int Count => All.Count;

    /// <summary>Builds the tree; intermediate nodes of each dotted name are created as needed.</summary>
    /// <exception cref="ArgumentException">An invalid name, or more than 64 purposes that can be opted out of.</exception>
    public static PurposeTaxonomy Create(IEnumerable<string> names)
    {
        var nodes = new List<Purpose>();
        var byName = new Dictionary<string, Purpose>(StringComparer.Ordinal);
        var root = new Purpose(PurposeNames.All, 0, null, essential: false) { Bit = 0 };
        nodes.Add(root);
        byName.Add(root.Name, root);
        int nextBit = 1;

        foreach (string name in names)
        {
            if (name == PurposeNames.All)
            {
                continue;
            }

            if (!PurposeNames.IsValid(name))
            {
                throw new ArgumentException($"'{name}' is not a valid purpose name", nameof(names));
            }

            Purpose parent = root;
            int start = 0;
            while (start <= name.Length)
            {
                int dot = name.IndexOf('.', start);
                int end = dot < 0 ? name.Length : dot;
                string prefix = name[..end];
                if (!byName.TryGetValue(prefix, out Purpose? node))
                {
                    bool essential = prefix == PurposeNames.Essential || prefix.StartsWith(PurposeNames.Essential + ".", StringComparison.Ordinal);
                    node = new Purpose(prefix, nodes.Count, parent, essential);
                    if (!essential)
                    {
                        if (nextBit >= MaxPurposes)
                        {
                            throw new ArgumentException($"a taxonomy holds at most {MaxPurposes} purposes that can be opted out of", nameof(names));
                        }

                        node.Bit = nextBit++;
                    }

                    nodes.Add(node);
                    byName.Add(prefix, node);
                    parent.ChildList.Add(node);
                }

                parent = node;
                start = end + 1;
            }
        }

        // Children come after parents in `nodes`, so walking backwards folds each subtree upward.
        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            Purpose node = nodes[i];
            ulong mask = node.Bit >= 0 ? 1UL << node.Bit : 0;
            foreach (Purpose child in node.ChildList)
            {
                mask |= child.SubtreeMask;
            }

            node.SubtreeMask = mask;
        }

        // Forwards, each node's path from the root is its parent's path plus its own bit.
        var pathMasks = new ulong[nodes.Count];
        foreach (Purpose node in nodes)
        {
            ulong own = node.Bit >= 0 ? 1UL << node.Bit : 0;
            pathMasks[node.Index] = own | (node.Parent is null ? 0 : pathMasks[node.Parent.Index]);
            node.CheckMask = node.IsEssential ? 0 : pathMasks[node.Index] | node.SubtreeMask;
        }

        return new PurposeTaxonomy(nodes);
    }

    /// <summary>Finds a node by its exact dotted name without allocating.</summary>
    public bool TryGet(ReadOnlySpan<char> name, out Purpose purpose) => _bySpan.TryGet(name, out purpose);

    /// <summary>Finds a node by its exact dotted name; false for null.</summary>
    public bool TryGet(string? name, out Purpose purpose)
    {
        if (name is null)
        {
            purpose = null!;
            return false;
        }

        return _byName.TryGetValue(name, out purpose!);
    }

    /// <summary>The node whose opt-out explains a denial of <paramref name="checkedPurpose"/> under
    /// <paramref name="mask"/>: the highest opted-out ancestor, else the first opted-out descendant;
    /// null when the mask does not deny the purpose.</summary>
    public Purpose? FindMatch(Purpose checkedPurpose, ulong mask)
    {
        if ((mask & checkedPurpose.CheckMask) == 0)
        {
            return null;
        }

        Purpose? match = null;
        for (Purpose? p = checkedPurpose; p is not null; p = p.Parent)
        {
            if (p.Bit >= 0 && (mask & (1UL << p.Bit)) != 0)
            {
                match = p;
            }
        }

        return match ?? FindDescendantMatch(checkedPurpose, mask);
    }

    private static Purpose? FindDescendantMatch(Purpose node, ulong mask)
    {
        foreach (Purpose child in node.ChildList)
        {
            if ((child.SubtreeMask & mask) == 0)
            {
                continue;
            }

            if (child.Bit >= 0 && (mask & (1UL << child.Bit)) != 0)
            {
                return child;
            }

            Purpose? deeper = FindDescendantMatch(child, mask);
            if (deeper is not null)
            {
                return deeper;
            }
        }

        return null;
    }
}
