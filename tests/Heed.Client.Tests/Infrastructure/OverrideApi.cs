using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Heed.Client.Tests.Infrastructure;

/// <summary>The registry's override API (docs/overrides.md) as two admins use it: one requests, the other approves.</summary>
public sealed class OverrideApi : IDisposable
{
    private OverrideApi(HttpClient requester, HttpClient approver)
    {
        Requester = requester;
        Approver = approver;
    }

    public HttpClient Requester { get; }

    public HttpClient Approver { get; }

    /// <summary>Creates a second admin key, so requests and approvals come from different admins.</summary>
    public static async Task<OverrideApi> CreateAsync(RealRegistry registry)
    {
        HttpResponseMessage created = await registry.Admin.PostAsJsonAsync("/v1/keys", new { role = "admin", name = "second admin" });
        created.EnsureSuccessStatusCode();
        string key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var approver = new HttpClient { BaseAddress = registry.Admin.BaseAddress };
        approver.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new OverrideApi(registry.Admin, approver);
    }

    /// <summary>Requests an override of a service and has the other admin approve it; returns the approval's answer.</summary>
    public async Task<JsonElement> RequestAndApproveAsync(object request)
    {
        HttpResponseMessage requested = await Requester.PostAsJsonAsync("/v1/overrides", request);
        requested.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await requested.Content.ReadAsStringAsync());
        string id = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        HttpResponseMessage approved = await Approver.PostAsync($"/v1/overrides/{id}/approve", null);
        approved.EnsureSuccessStatusCode();
        return await approved.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> RevokeAsync(string id)
    {
        HttpResponseMessage revoked = await Requester.PostAsync($"/v1/overrides/{id}/revoke", null);
        revoked.EnsureSuccessStatusCode();
        return await revoked.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> ShowAsync(string id) =>
        await Requester.GetFromJsonAsync<JsonElement>($"/v1/overrides/{id}");

    public void Dispose() => Approver.Dispose();
}
