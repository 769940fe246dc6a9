using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Heed.Registry.Tests.Infrastructure;

internal static class Json
{
    public static async Task<JsonElement> ReadAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static StringContent Raw(string text) => new(text, Encoding.UTF8, "application/json");

    public static ByteArrayContent Bytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    public static async Task<JsonElement> CheckAsync(this HttpClient client, string subject, string purpose, long? token = null)
    {
        HttpResponseMessage response = await client.PostAsJsonAsync("/v1/check", new { subject, purpose, token });
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync();
    }
}
