using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Heed.Testing.Overrides;

/// <summary>
/// The registry's override API (docs/overrides.md) as two admins use it over real HTTP: the first requests
/// and revokes, a second key of its own approves (the two-person rule).
/// </summary>
public sealed class OverrideAdmins : IDisposable
{
    private OverrideAdmins(HttpClient requester, HttpClient approver)
    {
        Requester = requester;
        Approver = approver;
    }

    /// <summary>The first admin's client (not owned: the caller disposes it).</summary>
    public HttpClient Requester { get; }

    /// <summary>The second admin's client, with a key created for it.</summary>
    public HttpClient Approver { get; }

    /// <summary>Creates a second admin key with <paramref name="admin"/> and a client for it.</summary>
    public static async Task<OverrideAdmins> CreateAsync(HttpClient admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        JsonElement created = await SendAsync(admin, HttpMethod.Post, "/v1/keys", new { role = "admin", name = "second admin" });
        var approver = new HttpClient { BaseAddress = admin.BaseAddress, Timeout = admin.Timeout };
        approver.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("key").GetString());
        return new OverrideAdmins(admin, approver);
    }

    /// <summary>Requests an override with the first admin and approves it with the second; returns the approval's answer.</summary>
    public async Task<JsonElement> RequestAndApproveAsync(object request)
    {
        JsonElement requested = await SendAsync(Requester, HttpMethod.Post, "/v1/overrides", request);
        return await SendAsync(Approver, HttpMethod.Post, $"/v1/overrides/{requested.GetProperty("id").GetString()}/approve");
    }

    public Task<JsonElement> RevokeAsync(string id) => SendAsync(Requester, HttpMethod.Post, $"/v1/overrides/{id}/revoke");

    public Task<JsonElement> ShowAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(Requester, HttpMethod.Get, $"/v1/overrides/{id}", cancellationToken: cancellationToken);

    public void Dispose() => Approver.Dispose();

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using HttpResponseMessage response = await client.SendAsync(request, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
