namespace Heed.Core.Purposes;

/// <summary>One node of the purpose taxonomy.</summary>
public sealed class Purpose
{
    internal Purpose(string name, int index, Purpose? parent, bool essential, int bit)
    {
        Name = name;
        Index = index;
        Parent = parent;
        IsEssential = essential;
        Bit = bit;
    }

    /// <summary>The dotted name, e.g. <c>marketing.communications.email</c>; the root is <c>all</c>.</summary>
    public string Name { get; }

    /// <summary>Position in <see cref="PurposeTaxonomy.All"/>: definition order.</summary>
    public int Index { get; }

    /// <summary>The node above this one; null for the root <c>all</c>.</summary>
    public Purpose? Parent { get; }

    /// <summary>Under <c>essential</c>: cannot be opted out of; a check always allows it.</summary>
    public bool IsEssential { get; }

    /// <summary>The bit of this node in a subject mask, or -1 for essential purposes. Never 63, which marks
    /// a wide mask (<see cref="PurposeBits.WideFlag"/>); assigned once and never changed.</summary>
    public int Bit { get; }

    /// <summary>Deprecated: new opt-outs of it are refused, checks of it still answer (see <see cref="PurposeTaxonomy.Deprecate"/>).</summary>
    public bool IsDeprecated { get; internal set; }

    /// <summary>The purpose a deprecated one's opt-outs carry over to; null when none was named.</summary>
    public Purpose? Successor { get; internal set; }

    /// <summary>This node's bit and the bits of all its descendants.</summary>
    public PurposeBits SubtreeBits { get; internal set; }

    /// <summary>The bits whose opt-out denies a check of this node: its own, its ancestors' and its
    /// descendants', and those that deprecation carries over (see <see cref="PurposeTaxonomy.Deprecate"/>).
    /// Empty for essential purposes, which no opt-out reaches.</summary>
    public PurposeBits CheckBits { get; internal set; }

    /// <summary>Word 0 of <see cref="CheckBits"/>, for the check's one AND: bit 63 is set when the
    /// check bits go beyond word 0, and only then is there more to read.</summary>
    public ulong CheckMask { get; internal set; }

    /// <summary>The bits whose opt-out covers this node itself: its own, its ancestors', and those of
    /// deprecated purposes whose opt-outs carry over to one of them.</summary>
    public PurposeBits CoverBits { get; internal set; }

    /// <summary>What a clear of this node removes: its subtree's bits, and those of deprecated purposes
    /// whose opt-outs carried over into it.</summary>
    public PurposeBits ClearBits { get; internal set; }

    /// <summary>The nodes directly below this one.</summary>
    public IReadOnlyList<Purpose> Children => ChildList;

    internal List<Purpose> ChildList { get; } = [];

    /// <summary>Depth below the root: <c>all</c> is 0, <c>marketing</c> is 1.</summary>
    public int Depth => Parent is null ? 0 : Parent.Depth + 1;

    /// <summary>Whether <paramref name="other"/> is this node or lies below it (an opt-out of this node covers it).</summary>
    public bool IsAncestorOrSelfOf(Purpose other)
    {
        for (Purpose? p = other; p is not null; p = p.Parent)
        {
            if (ReferenceEquals(p, this))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The dotted name.</summary>
    public override string ToString() => Name;
}
