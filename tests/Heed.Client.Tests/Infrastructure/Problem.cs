using System.Net.Http.Json;
using System.Text.Json;

namespace Heed.Client.Tests.Infrastructure;

/// <summary>Reads an RFC 9457 problem and checks its media type.</summary>
public static class Problem
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        // Not `ContentType?.MediaType`: a response without a Content-Type must fail, not skip the check.
        response.Content.Headers.ContentType.ShouldNotBeNull("a problem response needs a Content-Type");
        response.Content.Headers.ContentType.MediaType.ShouldBe("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
