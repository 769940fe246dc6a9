using System.Collections.Frozen;
using System.Numerics;

namespace Heed.Core.Purposes;

/// <summary>
/// An immutable purpose tree rooted at <c>all</c>. Every node that can be opted out of owns one bit of a
/// subject mask, assigned when the node first appears and never changed: <see cref="Add"/> and
/// <see cref="Deprecate"/> return a new taxonomy in which every old node keeps its bit, so no opt-out
/// already recorded anywhere changes meaning. Bits run 0 (the root), 1…62, 64, 65, …: bit 63 marks a
/// wide mask (<see cref="PurposeBits"/>).
/// </summary>
public sealed partial class PurposeTaxonomy
{
    /// <summary>At most this many nodes can be opted out of, the root included. A bound on memory: each
    /// node's masks are as wide as the highest bit, so 4,096 purposes take about 2 KB of masks each.</summary>
    public const int MaxPurposes = 4096;

    /// <summary>The highest bit a node may own.</summary>
    public const int MaxBit = MaxPurposes;

    private readonly FrozenDictionary<string, Purpose> _byName;
    private readonly PurposeLookup _bySpan;
    private readonly Purpose?[] _byBit;

    private PurposeTaxonomy(List<PurposeDefinition> definitions)
    {
        Definitions = definitions;
        var nodes = new List<Purpose>(definitions.Count);
        var byName = new Dictionary<string, Purpose>(definitions.Count, StringComparer.Ordinal);
        int maxBit = 0;
        foreach (PurposeDefinition d in definitions)
        {
            Purpose? parent = d.Name == PurposeNames.All ? null : byName[ParentName(d.Name)];
            var node = new Purpose(d.Name, nodes.Count, parent, IsEssentialName(d.Name), d.Bit);
            parent?.ChildList.Add(node);
            nodes.Add(node);
            byName.Add(d.Name, node);
            maxBit = Math.Max(maxBit, d.Bit);
        }

        _byBit = new Purpose?[maxBit + 1];
        foreach (PurposeDefinition d in definitions)
        {
            Purpose node = byName[d.Name];
            node.IsDeprecated = d.Deprecated;
            node.Successor = d.Successor is null ? null : byName[d.Successor];
            if (node.Bit >= 0)
            {
                _byBit[node.Bit] = node;
            }
        }

        TaxonomyMasks.Compute(nodes, maxBit);
        All = nodes;
        Root = nodes[0];
        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _bySpan = new PurposeLookup(nodes);
    }

    /// <summary>Every node in definition order: the root first, parents before children.</summary>
    public IReadOnlyList<Purpose> All { get; }

    /// <summary>The same nodes as data, for the wire: <see cref="FromNodes"/> rebuilds this taxonomy from them.</summary>
    public IReadOnlyList<PurposeDefinition> Definitions { get; }

    /// <summary>The <c>all</c> node; an opt-out of it covers every purpose that can be opted out of.</summary>
    public Purpose Root { get; }

    /// <summary>The number of nodes, the root and essential ones included.</summary>
    public int Count => All.Count;

    /// <summary>Builds the tree; intermediate nodes of each dotted name are created as needed, bits in order.</summary>
    /// <exception cref="ArgumentException">An invalid name, or more than <see cref="MaxPurposes"/> purposes that can be opted out of.</exception>
    public static PurposeTaxonomy Create(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var definitions = new List<PurposeDefinition> { new(PurposeNames.All, 0) };
        var known = new HashSet<string>(StringComparer.Ordinal) { PurposeNames.All };
        int lastBit = 0;
        foreach (string name in names)
        {
            lastBit = Append(definitions, known, name, lastBit, nameof(names));
        }

        return new PurposeTaxonomy(definitions);
    }

    /// <summary>
    /// This taxonomy with <paramref name="name"/> added, and any missing node above it; every existing node
    /// keeps its index and bit, new ones take the next bits. Adding a name that is already there returns
    /// this same taxonomy: replaying an add is harmless.
    /// </summary>
    /// <exception cref="ArgumentException">An invalid name, or no bit left (<see cref="MaxPurposes"/>).</exception>
    public PurposeTaxonomy Add(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return AddRange([name]);
    }

    /// <summary>As <see cref="Add"/> for each name in order, building the new taxonomy once: replaying many
    /// adds (a ledger's) costs one build, not one per name.</summary>
    /// <exception cref="ArgumentException">An invalid name, or no bit left (<see cref="MaxPurposes"/>).</exception>
    public PurposeTaxonomy AddRange(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var definitions = new List<PurposeDefinition>(Definitions);
        var known = new HashSet<string>(_byName.Keys, StringComparer.Ordinal);
        int lastBit = Definitions.Max(d => d.Bit);
        foreach (string name in names)
        {
            lastBit = Append(definitions, known, name, lastBit, nameof(names));
        }

        return definitions.Count == Definitions.Count ? this : new PurposeTaxonomy(definitions);
    }

    /// <summary>
    /// This taxonomy with <paramref name="name"/> deprecated. The node stays, with its bit: checks of it
    /// still answer, and every opt-out of it keeps denying what it denied. With a successor B, an opt-out of
    /// the deprecated A is from now on an opt-out of B as well (it denies whatever an opt-out of B denies, and
    /// a clear of B clears it), and a check of A is denied whatever denies a check of B. Masks only gain
    /// bits: nothing denied before is allowed after. Deprecating again with the same successor returns this.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown, root, essential or already otherwise deprecated purpose;
    /// a successor that is unknown, the purpose itself or below it, essential, or itself deprecated.</exception>
    public PurposeTaxonomy Deprecate(string name, string? successor)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_byName.TryGetValue(name, out Purpose? purpose))
        {
            throw new ArgumentException($"'{name}' is not a purpose of this taxonomy", nameof(name));
        }

        if (purpose.IsDeprecated)
        {
            return purpose.Successor?.Name == successor
                ? this
                : throw new ArgumentException($"'{name}' is already deprecated, with successor '{purpose.Successor?.Name ?? "(none)"}'", nameof(name));
        }

        if (TaxonomyDefinitions.DeprecationError(name, successor, n => _byName.TryGetValue(n, out Purpose? p) ? (p.IsEssential, p.IsDeprecated) : null) is { } error)
        {
            throw new ArgumentException(error, nameof(name));
        }

        var definitions = new List<PurposeDefinition>(Definitions);
        definitions[purpose.Index] = definitions[purpose.Index] with { Deprecated = true, Successor = successor };
        return new PurposeTaxonomy(definitions);
    }

    /// <summary>Rebuilds a taxonomy from its <see cref="Definitions"/> (as received on the wire), bits as
    /// given. Every error is reported at once.</summary>
    /// <exception cref="ArgumentException">The root is not first, a parent comes after its child, a name is
    /// invalid or repeated, a bit is repeated, out of range, 63, or wrong for an essential node, or a
    /// successor is unknown, essential, below its purpose, or part of a cycle.</exception>
    public static PurposeTaxonomy FromNodes(IEnumerable<PurposeDefinition> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        List<PurposeDefinition> definitions = [.. nodes];
        IReadOnlyList<string> errors = TaxonomyDefinitions.Validate(definitions);
        return errors.Count == 0
            ? new PurposeTaxonomy(definitions)
            : throw new ArgumentException("invalid taxonomy: " + string.Join("; ", errors), nameof(nodes));
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
    /// <paramref name="mask"/>: the highest opted-out ancestor, else the first opted-out descendant, else
    /// (a deprecated purpose carried over) the lowest bit that denies it; null when the mask does not deny
    /// the purpose. Allocates nothing.</summary>
    public Purpose? FindMatch(Purpose checkedPurpose, PurposeBits mask)
    {
        ArgumentNullException.ThrowIfNull(checkedPurpose);
        if (!mask.Intersects(checkedPurpose.CheckBits))
        {
            return null;
        }

        Purpose? match = null;
        for (Purpose? p = checkedPurpose; p is not null; p = p.Parent)
        {
            if (mask.Has(p.Bit))
            {
                match = p;
            }
        }

        return match ?? FindDescendantMatch(checkedPurpose, mask) ?? FirstShared(checkedPurpose.CheckBits, mask);
    }

    private static Purpose? FindDescendantMatch(Purpose node, PurposeBits mask)
    {
        foreach (Purpose child in node.ChildList)
        {
            if (!child.SubtreeBits.Intersects(mask))
            {
                continue;
            }

            if (mask.Has(child.Bit))
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

    private Purpose? FirstShared(PurposeBits a, PurposeBits b)
    {
        ulong low = a.Word0 & b.Word0 & ~PurposeBits.WideFlag;
        if (low != 0)
        {
            return BitOwner(BitOperations.TrailingZeroCount(low));
        }

        ReadOnlySpan<ulong> ha = a.High;
        ReadOnlySpan<ulong> hb = b.High;
        for (int i = 0; i < Math.Min(ha.Length, hb.Length); i++)
        {
            if ((ha[i] & hb[i]) is var w and not 0)
            {
                return BitOwner((64 * (i + 1)) + BitOperations.TrailingZeroCount(w));
            }
        }

        return null;
    }

    private Purpose? BitOwner(int bit) => bit < _byBit.Length ? _byBit[bit] : null;

    /// <summary>Appends <paramref name="name"/> and its missing ancestors; returns the last bit used.</summary>
    private static int Append(List<PurposeDefinition> definitions, HashSet<string> known, string name, int lastBit, string paramName)
    {
        if (name == PurposeNames.All)
        {
            return lastBit;
        }

        if (!PurposeNames.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid purpose name", paramName);
        }

        for (int end = name.IndexOf('.'); ; end = name.IndexOf('.', end + 1))
        {
            string prefix = end < 0 ? name : name[..end];
            if (known.Add(prefix))
            {
                int bit = -1;
                if (!IsEssentialName(prefix))
                {
                    bit = lastBit + 1 == PurposeBits.WideBit ? lastBit + 2 : lastBit + 1;
                    if (bit > MaxBit)
                    {
                        throw new ArgumentException($"a taxonomy holds at most {MaxPurposes} purposes that can be opted out of", paramName);
                    }

                    lastBit = bit;
                }

                definitions.Add(new PurposeDefinition(prefix, bit));
            }

            if (end < 0)
            {
                return lastBit;
            }
        }
    }

    internal static bool IsEssentialName(string name) =>
        name == PurposeNames.Essential || name.StartsWith(PurposeNames.Essential + ".", StringComparison.Ordinal);

    internal static string ParentName(string name) =>
        name.LastIndexOf('.') is var dot and >= 0 ? name[..dot] : PurposeNames.All;
}
