using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Hosting;

namespace Heed.Registry.Tests.Infrastructure;

/// <summary>A real registry on Kestrel at 127.0.0.1 with a random port and a SQLite file in a temp dir.</summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private readonly Dictionary<string, string> _roleKeys = [];

    private RegistryServer(RegistryHandle handle, string data, string adminKey)
    {
        Handle = handle;
        DataDirectory = data;
        AdminKey = adminKey;
        BaseAddress = new Uri(handle.Endpoints.HttpUrl);
        Anonymous = new HttpClient { BaseAddress = BaseAddress };
    }

    public RegistryHandle Handle { get; }

    public string DataDirectory { get; }

    public string AdminKey { get; }

    public Uri BaseAddress { get; }

    /// <summary>Whether disposing deletes the data directory; off for restart tests.</summary>
    public bool DeleteDataOnDispose { get; set; } = true;

    /// <summary>A client that sends no key.</summary>
    public HttpClient Anonymous { get; }

    public static async Task<RegistryServer> StartAsync(string? dataDirectory = null, string? adminKey = null, Action<RegistryOptions>? configure = null, string[]? args = null, TimeProvider? time = null, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? builder = null)
    {
        string data = dataDirectory ?? Path.Combine(Path.GetTempPath(), "heed-registry-tests", Guid.NewGuid().ToString("N"));
        adminKey ??= "test-admin-" + Guid.NewGuid().ToString("N");
        var options = new RegistryOptions
        {
            Data = data,
            Urls = "http://127.0.0.1:0",
            GrpcUrls = "http://127.0.0.1:0",
            AdminKey = adminKey,
            Lease = TimeSpan.FromMilliseconds(200),
            Heartbeat = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        RegistryHandle handle = await RegistryApp.CreateAsync(options, args, builder, timeProvider: time);
        await handle.App.StartAsync();
        return new RegistryServer(handle, data, adminKey);
    }

    /// <summary>The raw key of <paramref name="role"/>, created through the API on first use.</summary>
    public async Task<string> KeyAsync(string role)
    {
        using HttpClient client = await ClientAsync(role);
        return _roleKeys[role];
    }

    /// <summary>A client authenticated as <paramref name="role"/>; keys are created through the API once per role.</summary>
    public async Task<HttpClient> ClientAsync(string role)
    {
        if (!_roleKeys.TryGetValue(role, out string? key))
        {
            if (role == "admin")
            {
                key = AdminKey;
            }
            else
            {
                using HttpClient admin = WithKey(AdminKey);
                HttpResponseMessage created = await admin.PostAsJsonAsync("/v1/keys", new { role, name = "test " + role });
                created.EnsureSuccessStatusCode();
                key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
            }

            _roleKeys[role] = key;
        }

        return WithKey(key);
    }

    public HttpClient WithKey(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Anonymous.Dispose();
        await Handle.App.StopAsync();
        await Handle.App.DisposeAsync();
        if (!DeleteDataOnDispose)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp dir left behind is harmless.
        }
    }
}
