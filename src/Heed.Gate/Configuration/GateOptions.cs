namespace Heed.Gate.Configuration;

/// <summary>
/// Settings of <c>heed gate</c>, bound from the <c>Heed</c> section of the config file and flags. Routes
/// and clusters are YARP's own <c>ReverseProxy</c> section. There is no setting that turns enforcement off.
/// </summary>
public sealed class GateOptions
{
    /// <summary>The default listen address (docs/gate.md).</summary>
    public const string DefaultUrls = "http://127.0.0.1:8282";

    /// <summary>The largest JSON body the gate buffers to find a subject or redact fields: 64 KiB.</summary>
    public const int DefaultJsonBodyLimit = 64 * 1024;

    /// <summary>The registry's HTTP address (the replica finds the replication stream through it); its
    /// replication (gRPC) address also works. Required.</summary>
    public string? RegistryUrl { get; set; }

    /// <summary>An <c>enforcer</c> key for the replica. Required.</summary>
    public string? Key { get; set; }

    /// <summary>The registry's HTTP API, where GPC opt-outs are written; <see cref="RegistryUrl"/> by default
    /// (set it when <see cref="RegistryUrl"/> is the replication address).</summary>
    public string? RegistryHttp { get; set; }

    /// <summary>A <c>recorder</c> key for GPC opt-outs (a writer key works but can read and clear everything). Required: a gate must be able to honor GPC.</summary>
    public string? WriterKey { get; set; }

    /// <summary>Where the gate listens.</summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>The service name the replica reports; <c>gate</c> by default.</summary>
    public string Service { get; set; } = "gate";

    /// <summary>The largest JSON body read for <c>json:</c> subjects and body redaction; larger gets 413.</summary>
    public int JsonBodyLimit { get; set; } = DefaultJsonBodyLimit;

    /// <summary>How long a GPC write to the registry may take before the signal is reported as <c>error</c>.</summary>
    public TimeSpan GpcWriteTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a recorded GPC opt-out is remembered, so a subject's requests do not each write.</summary>
    public TimeSpan GpcCacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most subjects remembered as recently recorded; past it the cache starts over.</summary>
    public int GpcCacheSize { get; set; } = 100_000;

    /// <summary>The <c>lastUpdate</c> of <c>/.well-known/gpc.json</c> (YYYY-MM-DD): when this gate's GPC
    /// handling last changed.</summary>
    public string GpcLastUpdate { get; set; } = "2026-11-27";

    /// <summary>How bearer tokens are validated for <c>claim:</c> subjects.</summary>
    public JwtOptions Jwt { get; set; } = new();
}
