using System.Net;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Schemas;

/// <summary>The <c>/v1/schemas</c> calls the tests make.</summary>
internal static class SchemaCalls
{
    /// <summary>A type with a '/' and a '.', as CloudEvents types may have, and its path segment.</summary>
    public const string OrderType = "com.example/order.placed";
    public const string TypePath = "/v1/schemas/com.example%2Forder.placed";

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, int version, string purposes = "\"marketing\"", string? subjectAt = "/customer/id", string type = OrderType)
    {
        string at = subjectAt is null ? string.Empty : $$""","subjectPointer":"{{subjectAt}}" """.TrimEnd();
        return client.PostAsync("/v1/schemas", Json.Raw($$"""{"type":"{{type}}","version":{{version}},"purposes":[{{purposes}}]{{at}}}"""));
    }

    public static async Task<JsonElement> RegisteredAsync(this HttpClient client, int version, string purposes = "\"marketing\"", string? subjectAt = "/customer/id")
    {
        HttpResponseMessage response = await client.RegisterAsync(version, purposes, subjectAt);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync();
    }

    public static Task<HttpResponseMessage> StatusAsync(this HttpClient client, string version, string action, string typePath = TypePath) =>
        client.PostAsync($"{typePath}/versions/{version}/{action}", null);

    public static Task<HttpResponseMessage> MinimumAsync(this HttpClient client, string body, string typePath = TypePath) =>
        client.PutAsync($"{typePath}/minimum", Json.Raw(body));
}
