using Heed.Gate.Hosting;
using Microsoft.Extensions.Logging;

namespace Heed.Gate.Tests.Infrastructure;

/// <summary>A registry, a recording upstream and a real gate between them, all on 127.0.0.1.</summary>
public sealed class GateServer : IAsyncLifetime
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    public Registry Registry { get; private set; } = null!;

    public Upstream Upstream { get; private set; } = null!;

    public GateHandle Gate { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Registry = await Registry.StartAsync();
        Upstream = await Upstream.StartAsync();
        string config = GateConfig.Write(Upstream.Url);
        Gate = GateApp.Create(config, o =>
        {
            o.RegistryUrl = Registry.GrpcUrl;
            o.Key = Registry.EnforcerKey;
            o.RegistryHttp = Registry.HttpUrl;
            o.WriterKey = Registry.RecorderKey;
            o.Urls = "http://127.0.0.1:0";
        }, b => b.Logging.ClearProviders());
        await Gate.App.StartAsync();
        await Gate.Readiness.WaitAsync(true, Wait);
        Client = new HttpClient { BaseAddress = Gate.Url, Timeout = Wait };
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await Gate.DisposeAsync();
        await Upstream.DisposeAsync();
        await Registry.DisposeAsync();
    }
}
