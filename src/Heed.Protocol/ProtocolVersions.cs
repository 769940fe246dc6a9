namespace Heed.Protocol;

/// <summary>Versions of the replication protocol. A registry refuses replicas below its minimum (docs/replication.md).</summary>
public static class ProtocolVersions
{
    /// <summary>
    /// The version this build speaks. 2: the taxonomy travels as data, masks may be wide, and event schemas
    /// replicate; a version-1 replica would misread all three.
    /// </summary>
    public const uint Current = 2;

    /// <summary>The oldest version this build's registry accepts by default (<c>Heed:MinProtocolVersion</c>).</summary>
    public const uint MinimumSupported = 2;
}
