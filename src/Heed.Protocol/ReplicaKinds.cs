namespace Heed.Protocol;

/// <summary>What kind of enforcement point a replica is.</summary>
public static class ReplicaKinds
{
    public const string Sdk = "sdk";
    public const string Sidecar = "sidecar";
    public const string Gate = "gate";
    public const string Relay = "relay";
}
