namespace Heed.Core.Purposes;

/// <summary>One node of the purpose taxonomy.</summary>
public sealed class Purpose
{
    internal Purpose(string name, int index, Purpose? parent, bool essential)
    {
        Name = name;
        Index = index;
        Parent = parent;
        IsEssential = essential;
    }

    /// <summary>The dotted name, e.g. <c>marketing.communications.email</c>; the root is <c>all</c>.</summary>
    public string Name { get; }

    /// <summary>Position in <see cref="PurposeTaxonomy.All"/>.</summary>
    public int Index { get; }

    /// <summary>The node above this one; null for the root <c>all</c>.</summary>
    public Purpose? Parent { get; }

    /// <summary>Under <c>essential</c>: cannot be opted out of; a check always allows it.</summary>
    public bool IsEssential { get; }

    /// <summary>The bit of this node in a subject mask, or -1 for essential purposes.</summary>
    public int Bit { get; internal set; } = -1;

    /// <summary>This node's bit and the bits of all its descendants: what a clear of this node removes.</summary>
    public ulong SubtreeMask { get; internal set; }

    /// <summary>The bits whose opt-out denies a check of this node: its own, its ancestors' and its
    /// descendants'. Zero for essential purposes, which no opt-out reaches.</summary>
    public ulong CheckMask { get; internal set; }

    /// <summary>Deprecated: takes no new opt-outs, still answers checks. // stub until taxcore merges</summary>
    public bool IsDeprecated { get; internal set; }

    /// <summary>The purpose a deprecated one's opt-outs carry over to, or null. // stub until taxcore merges</summary>
    public string? Successor { get; internal set; }

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
