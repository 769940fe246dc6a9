using System.Net;
using Heed.Registry.Hosting;

namespace Heed.Cli.Sidecar;

/// <summary>Settings of <c>heed sidecar</c>. Every one also reads from configuration (<c>Heed__…</c>).</summary>
public sealed class SidecarOptions
{
    /// <summary>The registry's address, e.g. <c>http://127.0.0.1:8080</c> (or its replication address).</summary>
    public string? Registry { get; set; }

    /// <summary>An enforcer key of the registry.</summary>
    public string? Key { get; set; }

    /// <summary>The service the sidecar enforces for.</summary>
    public string Service { get; set; } = "sidecar";

    /// <summary>Where the HTTP check API listens.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8181";

    /// <summary>Where <c>heed.v1.Decisions/CheckStream</c> listens (HTTP/2 needs its own cleartext port). By
    /// default a port the kernel picks on the host of <see cref="Urls"/>, so sidecars on one host never
    /// collide; <c>GET /v1/checkstream</c>, <c>/readyz</c> and the startup line say where it is.</summary>
    public string? GrpcUrls { get; set; }

    /// <summary>Allows listening beyond loopback. The check API has no key of its own, and an answer
    /// reveals whether an identifier is known and what it opted out of, so this must be a choice.</summary>
    public bool AllowRemote { get; set; }

    /// <summary>Returns every problem at once; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Registry))
        {
            errors.Add("--registry is required: the registry's address, e.g. http://127.0.0.1:8080");
        }
        else if (!Uri.TryCreate(Registry, UriKind.Absolute, out Uri? registry) || registry.Scheme is not ("http" or "https"))
        {
            errors.Add($"--registry '{Registry}' is not an http:// or https:// address");
        }

        if (string.IsNullOrWhiteSpace(Key))
        {
            errors.Add("an enforcer key is required: --key-file PATH or HEED_KEY (or Heed__Key)");
        }

        if (string.IsNullOrWhiteSpace(Service))
        {
            errors.Add("--service must not be empty");
        }

        CheckListen(Urls, "--urls", errors);
        if (GrpcUrls is not null)
        {
            CheckListen(GrpcUrls, "--grpc-urls", errors);
        }

        return errors;
    }

    private void CheckListen(string value, string flag, List<string> errors)
    {
        if (!ListenAddress.TryParse(value, out ListenAddress address, out string error))
        {
            errors.Add($"{flag}: {error}");
        }
        else if (!AllowRemote && address.Host != "localhost" && !IPAddress.IsLoopback(IPAddress.Parse(address.Host)))
        {
            errors.Add($"{flag} {value} is not a loopback address; the sidecar's API has no key, so listening beyond this machine needs --allow-remote (and a network policy)");
        }
    }
}
