using System.Net.Http.Json;
using System.Text.Json;

namespace Heed.Client.Tests.Infrastructure;

/// <summary>Reads an RFC 9457 problem and checks its media type.</summary>
public static class Problem
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
