using Heed.Registry.Audit;
using Heed.Registry.Overrides;
using Microsoft.AspNetCore.Builder;

namespace Heed.Registry.Hosting;

/// <summary>Settings of <c>heed serve</c>. Every one also reads from configuration (<c>Heed__…</c>).</summary>
public sealed class RegistryOptions
{
    /// <summary>Where the embedded store keeps its files.</summary>
    public string Data { get; set; } = "./heed-data";

    /// <summary><c>sqlite</c> (embedded, the default) or <c>postgres</c>.</summary>
    public string Store { get; set; } = "sqlite";

    /// <summary>Connection string, for the PostgreSQL store.</summary>
    public string? Connection { get; set; }

    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// Where replicas connect (gRPC, HTTP/2); cleartext HTTP/2 needs its own port. By default a port the
    /// kernel picks on the host of <see cref="Urls"/>, so registries on one host never collide; replicas
    /// given the HTTP address find it at <c>GET /v1/replication</c>.
    /// </summary>
    public string? GrpcUrls { get; set; }

    /// <summary>How long a lease lasts (L in docs/replication.md).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often replicas ask for a lease (H in docs/replication.md).</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Replicas below this protocol version are refused: the floor at start. The setting
    /// <c>replication.minProtocolVersion</c> can raise it at runtime, never lower it below this.
    /// </summary>
    public uint MinProtocolVersion { get; set; } = Heed.Protocol.ProtocolVersions.MinimumSupported;

    /// <summary>An admin key to seed (from <c>HEED_ADMIN_KEY</c>).</summary>
    public string? AdminKey { get; set; }

    /// <summary>How long a write waits for acknowledgement before answering <c>enforced: false</c>.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a check with a consistency token waits for the token's LSN.</summary>
    public TimeSpan TokenWait { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often the registry checks that it still holds the lock on its data directory.</summary>
    public TimeSpan LockCheck { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether <c>/metrics</c> needs no key; when false it needs an <c>auditor</c> (or admin) key.</summary>
    public bool PublicMetrics { get; set; } = true;

    /// <summary>The per-key budget of items checked through <c>POST /v1/check/batch</c>.</summary>
    public BulkCheckOptions BulkCheck { get; set; } = new();

    /// <summary>Limits on overrides: the longest TTL a request may ask for.</summary>
    public OverrideOptions Overrides { get; set; } = new();

    /// <summary>The audit log: how often a grown tree's checkpoint is signed and kept.</summary>
    public AuditOptions Audit { get; set; } = new();

    /// <summary>Monitoring: the canary prefix and the maximum decision age (<c>Heed:Monitoring:…</c>).</summary>
    public MonitoringOptions Monitoring { get; set; } = new();

    /// <summary>Returns every problem at once; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Store is not ("sqlite" or "postgres"))
        {
            errors.Add($"--store must be 'sqlite' or 'postgres', not '{Store}'");
        }

        if (Store == "postgres" && string.IsNullOrWhiteSpace(Connection))
        {
            errors.Add("--store postgres needs --connection");
        }

        if (Store == "sqlite" && string.IsNullOrWhiteSpace(Data))
        {
            errors.Add("--data must name a directory");
        }

        if (!ListenAddress.TryParse(Urls, out _, out string urlError))
        {
            errors.Add("--urls: " + urlError);
        }

        if (GrpcUrls is not null && !ListenAddress.TryParse(GrpcUrls, out _, out string grpcError))
        {
            errors.Add("--grpc-urls: " + grpcError);
        }

        if (Lease < TimeSpan.FromMilliseconds(50) || Heartbeat <= TimeSpan.Zero || Heartbeat * 2 > Lease)
        {
            errors.Add("Lease must be at least 50 ms and at least twice Heartbeat");
        }

        if (MinProtocolVersion < 1 || MinProtocolVersion > Heed.Protocol.ProtocolVersions.Current)
        {
            errors.Add($"Heed:MinProtocolVersion must be between 1 and {Heed.Protocol.ProtocolVersions.Current}, the version this registry speaks: it cannot demand a version it does not speak");
        }

        if (LockCheck <= TimeSpan.Zero)
        {
            errors.Add("LockCheck must be positive");
        }

        if (AckTimeout <= TimeSpan.Zero)
        {
            errors.Add("AckTimeout must be positive");
        }

        if (BulkCheck.ItemsPerSecond < 1)
        {
            errors.Add("Heed:BulkCheck:ItemsPerSecond must be at least 1");
        }

        if (BulkCheck.Burst < CheckApi.MaxBatch)
        {
            errors.Add($"Heed:BulkCheck:Burst must be at least {CheckApi.MaxBatch}, one full batch");
        }

        if (Overrides.MaxTtl < TimeSpan.FromSeconds(1))
        {
            errors.Add("Heed:Overrides:MaxTtl must be at least one second");
        }

        if (Audit.CheckpointInterval <= TimeSpan.Zero)
        {
            errors.Add("Heed:Audit:CheckpointInterval must be positive");
        }

        if (Monitoring.MaxDecisionAge <= TimeSpan.Zero)
        {
            errors.Add("Heed:Monitoring:MaxDecisionAge must be positive");
        }

        if (string.IsNullOrWhiteSpace(Monitoring.CanaryPrefix) || !Monitoring.CanaryPrefix.Contains(':', StringComparison.Ordinal))
        {
            errors.Add("Heed:Monitoring:CanaryPrefix must be the start of a subject, kind:value (e.g. user:heed-canary-)");
        }

        if (!string.IsNullOrEmpty(AdminKey) && AdminKeyPolicy.Problem(AdminKey) is { } weak)
        {
            errors.Add("HEED_ADMIN_KEY " + weak);
        }

        return errors;
    }
}
