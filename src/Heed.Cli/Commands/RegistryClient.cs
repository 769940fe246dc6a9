using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Heed.Cli.Commands;

/// <summary>
/// The registry's HTTP API as the admin commands use it. Every failure becomes a <see cref="RegistryException"/>
/// that says what went wrong and carries the exit code: a problem answer (1) or no answer at all (3).
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public RegistryClient(Uri registry, string key, HttpMessageHandler? handler = null)
    {
        // A trailing slash makes relative paths resolve under a registry mounted below a path prefix.
        Registry = registry.AbsoluteUri.EndsWith('/') ? registry : new Uri(registry.AbsoluteUri + "/");
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: true)
        {
            BaseAddress = Registry,
            Timeout = TimeSpan.FromMinutes(2),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public Uri Registry { get; }

    public Task<TResponse> GetAsync<TResponse>(string path, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, responseType, cancellationToken);

    public async Task<TResponse> SendAsync<TResponse>(HttpMethod method, string path, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        using HttpResponseMessage response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync(response, responseType, cancellationToken);
    }

    public async Task<TResponse> SendAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, requestType) };
        using HttpResponseMessage response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync(response, responseType, cancellationToken);
    }

    /// <summary>Sends a request whose answer has no body worth reading (e.g. 204 No Content).</summary>
    public async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        using HttpResponseMessage response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    /// <summary>Posts a body that is already UTF-8 JSON: bulk writes serialize once, off the request path.</summary>
    public async Task<TResponse> PostJsonAsync<TResponse>(string path, ReadOnlyMemory<byte> json, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var content = new ReadOnlyMemoryContent(json);
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        using HttpResponseMessage response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync(response, responseType, cancellationToken);
    }

    /// <summary>A text answer (<c>text/plain</c>), whole.</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await OpenAsync(path, cancellationToken);
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw RegistryException.Broken(Registry, "while reading the answer", ex);
        }
    }

    /// <summary>Starts a streamed download; the caller reads the body and disposes the response.</summary>
    public async Task<HttpResponseMessage> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw RegistryException.Unreachable(Registry, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw RegistryException.Unreachable(Registry, new TimeoutException($"no answer within {_http.Timeout.TotalSeconds:0} s", ex));
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await RegistryException.FromResponseAsync(response, cancellationToken);
        }
    }

    private async Task<TResponse> ReadAsync<TResponse>(HttpResponseMessage response, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(responseType, cancellationToken)
                ?? throw RegistryException.Unexpected($"the registry answered {(int)response.StatusCode} with an empty body");
        }
        catch (JsonException ex)
        {
            throw RegistryException.Unexpected($"the registry's answer is not the expected JSON: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw RegistryException.Broken(Registry, "while reading the answer", ex);
        }
        catch (IOException ex)
        {
            throw RegistryException.Broken(Registry, "while reading the answer", ex);
        }
    }
}
