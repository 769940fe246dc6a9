using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Hosting;

namespace Heed.Client.Tests.Infrastructure;

/// <summary>The real registry (<c>heed serve</c>) on 127.0.0.1 with random ports and SQLite in a temp dir.</summary>
public sealed class RealRegistry : IAsyncDisposable
{
    private readonly bool _ownsData;

    private RealRegistry(RegistryHandle handle, string data, string adminKey, bool ownsData)
    {
        Handle = handle;
        DataDirectory = data;
        AdminKey = adminKey;
        _ownsData = ownsData;
        Admin = new HttpClient { BaseAddress = new Uri(handle.Endpoints.HttpUrl) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
    }

    public RegistryHandle Handle { get; }

    public string DataDirectory { get; }

    public string AdminKey { get; }

    /// <summary>The replication address replicas connect to.</summary>
    public string GrpcUrl => Handle.Endpoints.GrpcUrl;

    public HttpClient Admin { get; }

    public static async Task<RealRegistry> StartAsync(string? data = null, string adminKey = "test-admin-key-0123456789abcdefghijklm", Action<RegistryOptions>? configure = null)
    {
        bool owns = data is null;
        data ??= Path.Combine(Path.GetTempPath(), "heed-client-tests", Guid.NewGuid().ToString("N"));
        var options = new RegistryOptions
        {
            Data = data,
            Urls = "http://127.0.0.1:0",
            GrpcUrls = "http://127.0.0.1:0",
            AdminKey = adminKey,
            Lease = TimeSpan.FromMilliseconds(500),
            Heartbeat = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        RegistryHandle handle = await RegistryApp.CreateAsync(options);
        await handle.App.StartAsync();
        return new RealRegistry(handle, data, adminKey, owns);
    }

    /// <summary>Sets (or with <paramref name="clear"/>, clears) an opt-out; returns the write response.</summary>
    public async Task<JsonElement> WriteAsync(string subject, string purpose, bool clear = false)
    {
        string path = $"/v1/subjects/{Uri.EscapeDataString(subject)}/optouts/{purpose}";
        HttpResponseMessage response = clear ? await Admin.DeleteAsync(path) : await Admin.PutAsync(path, null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Handle.App.StopAsync();
        await Handle.App.DisposeAsync();
        if (_ownsData)
        {
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
}
