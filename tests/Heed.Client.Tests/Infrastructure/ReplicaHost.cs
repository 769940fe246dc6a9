using Heed.Client.Enforcement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Heed.Client.Tests.Infrastructure;

/// <summary>A generic host running the SDK replica through <c>AddHeed</c>, as an application would.</summary>
public sealed class ReplicaHost : IAsyncDisposable
{
    private ReplicaHost(IHost host)
    {
        Host = host;
        Enforcer = host.Services.GetRequiredService<HeedEnforcer>();
    }

    public IHost Host { get; }

    internal HeedEnforcer Enforcer { get; }

    public IHeedEnforcer Public => Host.Services.GetRequiredService<IHeedEnforcer>();

    public static async Task<ReplicaHost> StartAsync(string registryUrl, TimeProvider? time = null, Action<HeedOptions>? configure = null, string key = "test-key", ILoggerProvider? logs = null)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddHeed(o =>
        {
            o.RegistryUrl = registryUrl;
            o.Key = key;
            o.Service = "tests";
            o.ReconnectDelay = TimeSpan.Zero;
            o.MaxReconnectDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        IHost host = builder.Build();
        await host.StartAsync();
        return new ReplicaHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
