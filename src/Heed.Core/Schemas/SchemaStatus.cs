namespace Heed.Core.Schemas;

/// <summary>Where a registered schema version stands. Only active and deprecated versions are accepted.</summary>
public enum SchemaStatus
{
    /// <summary>Accepted.</summary>
    Active,

    /// <summary>Still accepted; producers should move to a newer version.</summary>
    Deprecated,

    /// <summary>Refused: the gate answers 422, the relay quarantines.</summary>
    Retired,
}
