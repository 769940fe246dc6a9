using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Hosting;
using Heed.Testing.Overrides;

namespace Heed.Gate.Tests.Infrastructure;

/// <summary>A real registry on 127.0.0.1 (random ports, SQLite in a temp dir) with an enforcer and a writer key.</summary>
public sealed class Registry : IAsyncDisposable
{
    private readonly string _data;
    private bool _stopped;

    private Registry(RegistryHandle handle, string data)
    {
        Handle = handle;
        _data = data;
    }

    public RegistryHandle Handle { get; }

    public string HttpUrl => Handle.Endpoints.HttpUrl;

    public string GrpcUrl => Handle.Endpoints.GrpcUrl;

    public string EnforcerKey { get; private set; } = "";

    public string WriterKey { get; private set; } = "";

    /// <summary>The gate's key: a recorder, the least it needs to record GPC opt-outs.</summary>
    public string RecorderKey { get; private set; } = "";

    public HttpClient Writer { get; private set; } = null!;

    /// <summary>The admin key, which requests overrides (a second admin approves them).</summary>
    public string AdminKey { get; private set; } = "";

    public static async Task<Registry> StartAsync()
    {
        string data = Path.Combine(Path.GetTempPath(), "heed-gate-tests", Guid.NewGuid().ToString("N"));
        string admin = "test-admin-" + Guid.NewGuid().ToString("N");
        RegistryHandle handle = await RegistryApp.CreateAsync(new RegistryOptions
        {
            Data = data,
            Urls = "http://127.0.0.1:0",
            GrpcUrls = "http://127.0.0.1:0",
            AdminKey = admin,
            Lease = TimeSpan.FromMilliseconds(500),
            Heartbeat = TimeSpan.FromMilliseconds(50),
        });
        await handle.App.StartAsync();
        var registry = new Registry(handle, data);
        using HttpClient adminClient = registry.Client(admin);
        registry.EnforcerKey = await CreateKeyAsync(adminClient, "enforcer");
        registry.WriterKey = await CreateKeyAsync(adminClient, "writer");
        registry.RecorderKey = await CreateKeyAsync(adminClient, "recorder");
        registry.AdminKey = admin;
        registry.Writer = registry.Client(registry.WriterKey);
        return registry;
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(HttpUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Opts the subject out and returns once every replica (the gate's too) applied it.</summary>
    public async Task OptOutAsync(string subject, string purpose)
    {
        HttpResponseMessage response = await Writer.PutAsJsonAsync($"/v1/subjects/{Uri.EscapeDataString(subject)}/optouts/{purpose}", new { source = "test" });
        response.EnsureSuccessStatusCode();
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("enforced").GetBoolean().ShouldBeTrue();
    }

    /// <summary>Requests an override, has the second admin approve it, and returns its id once the approval is
    /// enforced everywhere (the gate's replica holds it).</summary>
    public async Task<string> ApproveOverrideAsync(object request)
    {
        using HttpClient requester = Client(AdminKey);
        using OverrideAdmins admins = await OverrideAdmins.CreateAsync(requester);
        JsonElement approved = await admins.RequestAndApproveAsync(request);
        approved.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        return approved.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> SubjectAsync(string subject)
    {
        HttpResponseMessage response = await Writer.GetAsync($"/v1/subjects/{Uri.EscapeDataString(subject)}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Handle.App.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Writer?.Dispose();
        await StopAsync();
        await Handle.App.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp dir left behind is harmless.
        }
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, string role)
    {
        HttpResponseMessage created = await admin.PostAsJsonAsync("/v1/keys", new { role, name = "gate tests " + role });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}
