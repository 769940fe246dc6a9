using System.Net.Http.Headers;

namespace Heed.Testing.Http;

/// <summary>An HttpClient for a registry's HTTP API that sends a bearer key with every request.</summary>
public static class KeyedClient
{
    public static HttpClient Create(Uri baseAddress, string key)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
