using System.Net.Http.Headers;
using System.Text;

namespace Heed.Gate.Tests.Infrastructure;

/// <summary>Builds a request that carries user <c>id</c> where the route of <c>source</c> looks for it,
/// with a JSON body and a secret header that redaction must remove.</summary>
public static class Requests
{
    public static HttpRequestMessage For(string source, string action, string id, string trace)
    {
        string path = source switch
        {
            "route" => $"/route/{action}/{id}",
            "query" => $"/query/{action}?uid={id}",
            _ => $"/{source}/{action}",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent($$"""{"user":{"id":"{{id}}","email":"{{id}}@example.com"},"event":"view"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(Upstream.TraceHeader, trace);
        request.Headers.Add("X-Secret", "s3cret");
        if (source == "header")
        {
            request.Headers.Add("X-User-Id", id);
        }
        else if (source == "claim")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Create(id));
        }

        return request;
    }
}
