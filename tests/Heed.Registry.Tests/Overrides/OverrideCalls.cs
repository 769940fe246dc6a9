using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Overrides;

/// <summary>The override API as tests call it, over real HTTP.</summary>
internal static class OverrideCalls
{
    public const string ValidRequest = """{"service":"checkout","purposes":["marketing"],"ttl":"30m","reason":"INC-7: the consent banner is down"}""";

    /// <summary>A client with a new admin key: the second person of the two-person rule.</summary>
    public static async Task<HttpClient> SecondAdminAsync(this RegistryServer server)
    {
        using HttpClient admin = server.WithKey(server.AdminKey);
        HttpResponseMessage created = await admin.PostAsJsonAsync("/v1/keys", new { role = "admin", name = "second admin" });
        created.EnsureSuccessStatusCode();
        return server.WithKey((await created.ReadAsync()).GetProperty("key").GetString()!);
    }

    /// <summary>Requests an override and returns its id.</summary>
    public static async Task<string> RequestOverrideAsync(this HttpClient client, string body = ValidRequest)
    {
        HttpResponseMessage response = await client.PostAsync("/v1/overrides", Json.Raw(body));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync()).GetProperty("id").GetString()!;
    }

    public static Task<HttpResponseMessage> ApproveAsync(this HttpClient client, string id) => client.PostAsync($"/v1/overrides/{id}/approve", null);

    public static Task<HttpResponseMessage> RevokeAsync(this HttpClient client, string id) => client.PostAsync($"/v1/overrides/{id}/revoke", null);

    public static async Task<JsonElement> ShowAsync(this HttpClient client, string id)
    {
        HttpResponseMessage response = await client.GetAsync($"/v1/overrides/{id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync();
    }

    /// <summary>Asserts a 4xx RFC 9457 problem with <paramref name="status"/>, and returns it.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        string text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        JsonElement problem = JsonSerializer.Deserialize<JsonElement>(text);
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        return problem;
    }
}
