namespace Heed.Core.Schemas;

/// <summary>Why a schema change cannot be made (<see cref="SchemaCompatibility"/>, <see cref="SchemaTransitions"/>).</summary>
public enum SchemaConflictKind
{
    /// <summary>The version is below 1, or the subject pointer is not a JSON pointer into <c>data</c>, or no purpose is declared.</summary>
    Invalid,

    /// <summary>The version is registered already, or is not above the type's highest registered version.</summary>
    NotNew,

    /// <summary>The type or version is not registered.</summary>
    Unknown,

    /// <summary>The status or minimum cannot go that way: a retired version stays retired, a deprecated one is
    /// not deprecated again, a minimum is never lowered nor set above the highest registered version.</summary>
    Transition,

    /// <summary>The version moves the subject (another pointer, or attribute ↔ pointer) or narrows the purposes: a breaking change needs a new <c>type</c>.</summary>
    Incompatible,
}
