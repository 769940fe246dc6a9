using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Hosting;
using Heed.Testing.Temp;

namespace Heed.Relay.Tests.Infrastructure;

/// <summary>A real registry on 127.0.0.1 (random ports, SQLite in a temp dir) with an enforcer key for the
/// relay and a writer client whose opt-outs return when acknowledged.</summary>
public sealed class TestRegistry : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private readonly HttpClient _writer;

    private TestRegistry(RegistryHandle handle, TempDirectory data, HttpClient writer, string enforcerKey, string adminKey)
    {
        Handle = handle;
        _data = data;
        _writer = writer;
        EnforcerKey = enforcerKey;
        AdminKey = adminKey;
    }

    /// <summary>The admin key the registry was seeded with.</summary>
    public string AdminKey { get; }

    /// <summary>A client with <see cref="AdminKey"/>; the caller disposes it.</summary>
    public HttpClient AdminClient() => Client(Handle, AdminKey);

    public RegistryHandle Handle { get; }

    public string GrpcUrl => Handle.Endpoints.GrpcUrl;

    public string EnforcerKey { get; }

    public static async Task<TestRegistry> StartAsync()
    {
        TempDirectory data = TempDirectory.Create("heed-relay-registry-");
        string adminKey = "test-admin-" + Guid.NewGuid().ToString("N");
        RegistryHandle handle = await RegistryApp.CreateAsync(new RegistryOptions
        {
            Data = data.FullPath,
            Urls = "http://127.0.0.1:0",
            GrpcUrls = "http://127.0.0.1:0",
            AdminKey = adminKey,
            Lease = TimeSpan.FromMilliseconds(500),
            Heartbeat = TimeSpan.FromMilliseconds(50),
        });
        await handle.App.StartAsync();
        using HttpClient admin = Client(handle, adminKey);
        string writerKey = await CreateKeyAsync(admin, "writer");
        string enforcerKey = await CreateKeyAsync(admin, "enforcer");
        return new TestRegistry(handle, data, Client(handle, writerKey), enforcerKey, adminKey);
    }

    /// <summary>Opts <paramref name="subject"/> out of <paramref name="purpose"/>, returning the
    /// <see cref="Stopwatch"/> timestamp at which the registry's acknowledgement had arrived.</summary>
    public async Task<long> OptOutAsync(string subject, string purpose)
    {
        HttpResponseMessage response = await _writer.PutAsync(
            $"/v1/subjects/{Uri.EscapeDataString(subject)}/optouts/{purpose}",
            JsonContent.Create(new { source = "relay-test" }));
        long acknowledgedAt = Stopwatch.GetTimestamp();
        response.EnsureSuccessStatusCode();
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("enforced").GetBoolean().ShouldBeTrue($"the opt-out of {subject} was not acknowledged: {body}");
        return acknowledgedAt;
    }

    public async ValueTask DisposeAsync()
    {
        _writer.Dispose();
        await Handle.App.StopAsync();
        await Handle.App.DisposeAsync();
        _data.Dispose();
    }

    private static HttpClient Client(RegistryHandle handle, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(handle.Endpoints.HttpUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    internal static async Task<string> CreateKeyAsync(HttpClient admin, string role)
    {
        HttpResponseMessage created = await admin.PostAsJsonAsync("/v1/keys", new { role, name = "relay test " + role });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}
