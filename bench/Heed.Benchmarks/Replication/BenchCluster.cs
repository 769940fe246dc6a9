using Heed.Client;
using Heed.Registry.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Heed.Benchmarks.Replication;

/// <summary>A registry on 127.0.0.1 and N SDK replicas, all in this process, for the replication measurements.</summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private readonly List<IHost> _replicas = [];

    private BenchCluster(RegistryHandle registry, string data, string key)
    {
        Registry = registry;
        Data = data;
        Key = key;
    }

    public RegistryHandle Registry { get; }

    public string Data { get; }

    public string Key { get; }

    public IReadOnlyList<IHeedEnforcer> Enforcers => [.. _replicas.Select(r => r.Services.GetRequiredService<IHeedEnforcer>())];

    public static async Task<BenchCluster> StartAsync()
    {
        string data = Path.Combine(Path.GetTempPath(), "heed-bench-" + Guid.NewGuid().ToString("N"));
        string key = "bench-admin-" + Guid.NewGuid().ToString("N");
        RegistryHandle registry = await RegistryApp.CreateAsync(
            new RegistryOptions { Data = data, Urls = "http://127.0.0.1:0", GrpcUrls = "http://127.0.0.1:0", AdminKey = key },
            configure: b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await registry.App.StartAsync();
        return new BenchCluster(registry, data, key);
    }

    public async Task<IHeedEnforcer> AddReplicaAsync(string service)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddHeed(o =>
        {
            o.RegistryUrl = Registry.Endpoints.GrpcUrl;
            o.Key = Key;
            o.Service = service;
        });
        IHost host = builder.Build();
        await host.StartAsync();
        _replicas.Add(host);
        return host.Services.GetRequiredService<IHeedEnforcer>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IHost host in _replicas)
        {
            await host.StopAsync();
            host.Dispose();
        }

        await Registry.App.StopAsync();
        await Registry.App.DisposeAsync();
        Directory.Delete(Data, recursive: true);
    }
}
