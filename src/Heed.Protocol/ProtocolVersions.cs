namespace Heed.Protocol;

/// <summary>Versions of the replication protocol. A registry refuses replicas below its configured minimum.</summary>
public static class ProtocolVersions
{
    /// <summary>The version this build speaks.</summary>
    public const uint Current = 1;

    /// <summary>The oldest version this build's registry accepts by default.</summary>
    public const uint MinimumSupported = 1;
}
