namespace Heed.Core.Schemas;

/// <summary>Why an event resolves to no schema version it may be processed under.</summary>
public enum SchemaRejection
{
    /// <summary>Resolved to an active or deprecated version.</summary>
    None,

    /// <summary>No version of the event's type is registered.</summary>
    UnknownType,

    /// <summary>The type is registered, but not that version.</summary>
    UnknownVersion,

    /// <summary>The version is retired.</summary>
    Retired,

    /// <summary>The version is below the type's minimum accepted version.</summary>
    BelowMinimum,

    /// <summary>The event does not say which version it is, or says it more than one way.</summary>
    Ambiguous,
}
