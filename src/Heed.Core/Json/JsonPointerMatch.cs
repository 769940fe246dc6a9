namespace Heed.Core.Json;

/// <summary>What a <see cref="JsonPointer"/> found in a document.</summary>
public enum JsonPointerMatch
{
    /// <summary>Some step of the path is absent.</summary>
    Missing,

    /// <summary>Exactly one value, reached through exactly one spelling of each name.</summary>
    Found,

    /// <summary>An object on the path also has a member whose name differs only in case from the
    /// pointer's: a reader that ignores case (many do) may take the other one, so nothing is read.</summary>
    Ambiguous,
}
