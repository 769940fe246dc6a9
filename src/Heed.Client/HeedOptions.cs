using Heed.Protocol;

namespace Heed.Client;

/// <summary>
/// Settings of an in-process Heed replica. Validated when the host starts; every error is reported at once.
/// There is deliberately no setting that turns enforcement off (docs/guarantees.md, G5).
/// </summary>
public sealed class HeedOptions
{
    /// <summary>
    /// The registry's HTTP address, e.g. <c>http://127.0.0.1:8080</c>. Required. The replica asks it
    /// (<c>GET /v1/replication</c>, with <see cref="Key"/>) where the replication stream listens and connects
    /// there, on the host given here; it asks again on every reconnect. The replication (gRPC) address itself
    /// also works.
    /// </summary>
    public string? RegistryUrl { get; set; }

    /// <summary>An API key with the <c>enforcer</c> (or <c>admin</c>) role, sent as <c>authorization: Bearer</c>. Required.</summary>
    public string? Key { get; set; }

    /// <summary>The service this replica enforces for; defaults to the host's application name.</summary>
    public string? Service { get; set; }

    /// <summary>What kind of enforcement point this is (<see cref="ReplicaKinds"/>); <c>sdk</c> by default.</summary>
    public string Kind { get; set; } = ReplicaKinds.Sdk;

    /// <summary>Identifies this replica to the registry for the life of the process.</summary>
    public string ReplicaId { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// The share of each lease the replica gives up early, to cover clock rate drift between it and the
    /// registry: a lease of L held from send time q ends at q + L·(1 − margin). 0.1 by default.
    /// </summary>
    public double DriftMargin { get; set; } = 0.1;

    /// <summary>How long a check carrying a consistency token waits for the replica to apply it before
    /// answering <c>unconfirmed</c>. 50 ms by default.</summary>
    public TimeSpan TokenWait { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The first delay before reconnecting after the stream to the registry breaks; it doubles,
    /// with jitter, on each failed attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest delay between reconnect attempts. 2 s by default.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait before trying again after the registry refused this replica (old protocol
    /// version, bad key, mismatched taxonomy): retrying sooner cannot help and only adds load. 1 min by default.</summary>
    public TimeSpan RefusedRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The protocol version this replica announces in its Hello: always <see cref="ProtocolVersions.Current"/>.
    /// Internal, and not bound from configuration, so no deployment can change it; it exists so that tests
    /// (InternalsVisibleTo Heed.Client.Tests) can play an older build against a real registry, since every
    /// replica in this repository is the current one.
    /// </summary>
    internal uint ProtocolVersion { get; set; } = ProtocolVersions.Current;
}
