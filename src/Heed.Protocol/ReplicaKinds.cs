namespace Heed.Protocol;

/// <summary>What kind of enforcement point a replica is.</summary>
public static class ReplicaKinds
{
    /// <summary>An application using the Heed.Client SDK in process.</summary>
    public const string Sdk = "sdk";
    /// <summary><c>heed sidecar</c>: the SDK behind a local HTTP and gRPC API.</summary>
    public const string Sidecar = "sidecar";
    /// <summary><c>heed gate</c>: the HTTP reverse proxy that enforces opt-outs on routes.</summary>
    public const string Gate = "gate";
    /// <summary><c>heed relay</c>: the RabbitMQ relay that drops or dead-letters messages.</summary>
    public const string Relay = "relay";
}
