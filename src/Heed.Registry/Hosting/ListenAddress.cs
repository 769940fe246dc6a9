using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Heed.Registry.Hosting;

/// <summary>
/// A parsed <c>--urls</c> value. The registry listens on two endpoints: HTTP/1.1 for the API and
/// HTTP/2 for gRPC, because cleartext Kestrel cannot serve both on one port (no ALPN without TLS).
/// </summary>
public sealed record ListenAddress(string Scheme, string Host, int Port)
{
    public static bool TryParse(string value, out ListenAddress address, out string error)
    {
        address = new ListenAddress("http", "127.0.0.1", 0);
        error = string.Empty;
        if (!Uri.TryCreate(value.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out Uri? uri)
            || uri.Scheme is not ("http" or "https"))
        {
            error = $"'{value}' is not an http:// or https:// address";
            return false;
        }

        if (uri.Host != "localhost" && !IPAddress.TryParse(uri.Host, out _))
        {
            error = $"'{value}': listen on an IP address or localhost";
            return false;
        }

        address = new ListenAddress(uri.Scheme, uri.Host, uri.Port);
        return true;
    }

    /// <summary>Parses an address already validated by <see cref="RegistryOptions.Validate"/>.</summary>
    public static ListenAddress Parse(string value) =>
        TryParse(value, out ListenAddress address, out string error) ? address : throw new RegistryConfigurationException([error]);

    /// <summary>
    /// <paramref name="value"/> when given; otherwise a port the kernel picks on the host of
    /// <paramref name="beside"/>: a second listener's default that never collides with another process's.
    /// </summary>
    public static ListenAddress ParseOrBeside(string? value, ListenAddress beside) =>
        value is null ? beside with { Port = 0 } : Parse(value);

    public void Apply(KestrelServerOptions kestrel, HttpProtocols protocols, Action<ListenOptions> bound)
    {
        void Configure(ListenOptions listen)
        {
            listen.Protocols = protocols;
            if (Scheme == "https")
            {
                listen.UseHttps();
            }

            bound(listen);
        }

        if (Host == "localhost")
        {
            kestrel.Listen(IPAddress.Loopback, Port, Configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(Host), Port, Configure);
        }
    }

    /// <summary>The address with the port actually bound (for port 0).</summary>
    public string WithPort(int port) => $"{Scheme}://{(Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host)}:{port}";
}
