using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Heed.Client.Replication;

/// <summary>
/// Turns the address a user knows (the registry's HTTP API, e.g. <c>http://registry:8080</c>) into the
/// replication stream's address: <c>GET /v1/replication</c> names the gRPC port, and the replica keeps the
/// host it was given (names, NAT and port-forwards keep working). A gRPC address still works: when the
/// HTTP/1.1 answer is not the discovery document, the same request goes once more over HTTP/2, and an
/// address that answers HTTP/2 at all is a gRPC endpoint, used as it is. Connection failures are
/// "unreachable" (retry); anything else that answers is reported as not a registry. Run on every connect,
/// so a registry that restarted on another port is found again.
/// </summary>
internal sealed class RegistryAddressResolver
{
    private const int MaxDocumentBytes = 64 * 1024;
    private readonly HttpClient _http;
    private readonly Uri _registry;
    private readonly Uri _discovery;
    private readonly string _key;

    public RegistryAddressResolver(HttpClient http, string registry, string key)
    {
        _http = http;
        _registry = new Uri(registry);
        _discovery = new Uri(new Uri(registry.EndsWith('/') ? registry : registry + "/"), "v1/replication");
        _key = key;
    }

    public async Task<RegistryAddress> ResolveAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _discovery)
        {
            // Over TLS this offers HTTP/2 too, so an HTTP/2-only gRPC port still answers.
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (SpeaksOnlyHttp2(ex))
        {
            return RegistryAddress.Found(_registry);
        }
        catch (HttpRequestException ex)
        {
            throw new HeedConnectionException($"the registry at {_registry} is unreachable: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HeedConnectionException($"the registry at {_registry} did not answer GET {_discovery.AbsolutePath} in time", ex);
        }

        RegistryAddress found;
        using (response)
        {
            found = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }

        // Kestrel's HTTP/2-only listeners answer HTTP/1.1 with a 400 of their own; ask once more in HTTP/2
        // (prior knowledge): any HTTP/2 answer means a gRPC endpoint, so the address is used as it is.
        return found.Grpc is null && await SpeaksHttp2Async(cancellationToken).ConfigureAwait(false) ? RegistryAddress.Found(_registry) : found;
    }

    private async Task<bool> SpeaksHttp2Async(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _discovery)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return response.Version.Major >= 2;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    // A cleartext HTTP/2-only listener (Kestrel's gRPC port) answers HTTP/1.1 with an HTTP/2 GOAWAY frame
    // or by closing: the request reached a server, which spoke something other than HTTP/1.1.
    private static bool SpeaksOnlyHttp2(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError;

    private async Task<RegistryAddress> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string media = response.Content.Headers.ContentType?.MediaType ?? "no content type";
        string answered = $"GET {_discovery.AbsolutePath} answered {(int)response.StatusCode} {response.ReasonPhrase} ({media})";
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            string detail = (media.EndsWith("json", StringComparison.Ordinal) ? Detail(await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false)) : null) ?? string.Empty;
            throw new HeedRefusedException($"the registry at {_registry} refused this replica's key ({(int)response.StatusCode}): {detail}".TrimEnd(' ', ':'));
        }

        if (!response.IsSuccessStatusCode)
        {
            // Over HTTP/2, a path the server does not know is what a gRPC endpoint answers.
            return response.Version.Major >= 2 ? RegistryAddress.Found(_registry) : RegistryAddress.Wrong(answered);
        }

        if (!media.EndsWith("json", StringComparison.Ordinal))
        {
            return RegistryAddress.Wrong(answered);
        }

        string? body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        return Parse(body) is { } grpc ? RegistryAddress.Found(grpc) : RegistryAddress.Wrong(answered + " without the registry's replication document");
    }

    private Uri? Parse(string? body)
    {
        if (body is null)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("grpcPort", out JsonElement port) || !port.TryGetInt32(out int grpcPort) || grpcPort is < 1 or > 65535
                || !root.TryGetProperty("protocolVersion", out JsonElement version) || version.ValueKind != JsonValueKind.Number)
            {
                return null;
            }

            // The scheme is the listener's (it may use TLS when the API does not); the host is the user's.
            string scheme = root.TryGetProperty("grpc", out JsonElement advertised) && advertised.ValueKind == JsonValueKind.String
                && Uri.TryCreate(advertised.GetString(), UriKind.Absolute, out Uri? listener) && listener.Scheme is "http" or "https"
                ? listener.Scheme
                : _registry.Scheme;
            return new UriBuilder(_registry) { Scheme = scheme, Port = grpcPort, Path = "/", Query = string.Empty }.Uri;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            // Bounded: whatever answers here may not be a registry, and may send anything.
            await response.Content.LoadIntoBufferAsync(MaxDocumentBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Detail(string? problem)
    {
        if (problem is null)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(problem);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("detail", out JsonElement detail)
                && detail.ValueKind == JsonValueKind.String ? detail.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
