using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Purposes;

/// <summary>The purpose API as a test calls it.</summary>
internal static class PurposeCalls
{
    public static Task<HttpResponseMessage> AddPurposeAsync(this HttpClient client, string name) =>
        client.PostAsJsonAsync("/v1/purposes", new { name });

    public static Task<HttpResponseMessage> DeprecatePurposeAsync(this HttpClient client, string name, string? successor = null) =>
        client.PatchAsync($"/v1/purposes/{name}", Json.Raw(successor is null ? """{"deprecated":true}""" : $$"""{"deprecated":true,"successor":"{{successor}}"}"""));

    /// <summary>The node <paramref name="name"/> of <c>GET /v1/purposes</c>, or null.</summary>
    public static async Task<JsonElement?> FindPurposeAsync(this HttpClient client, string name)
    {
        JsonElement all = await client.GetFromJsonAsync<JsonElement>("/v1/purposes");
        foreach (JsonElement p in all.GetProperty("purposes").EnumerateArray())
        {
            if (p.GetProperty("name").GetString() == name)
            {
                return p;
            }
        }

        return null;
    }
}
