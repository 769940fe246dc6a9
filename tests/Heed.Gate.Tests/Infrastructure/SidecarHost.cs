using Heed.Client;
using Heed.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Heed.Gate.Tests.Infrastructure;

/// <summary>
/// An SDK replica of the registry in a real Kestrel host serving the local decision API, composed as
/// <c>heed sidecar</c> composes it (<c>AddHeed</c> and <c>MapHeedCheckEndpoints</c>): <see cref="Enforcer"/>
/// is the in-process SDK, <see cref="Client"/> the sidecar's HTTP API.
/// </summary>
public sealed class SidecarHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SidecarHost(WebApplication app)
    {
        _app = app;
        Enforcer = app.Services.GetRequiredService<IHeedEnforcer>();
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(url), Timeout = GateServer.Wait };
    }

    public IHeedEnforcer Enforcer { get; }

    public HttpClient Client { get; }

    public static async Task<SidecarHost> StartAsync(Registry registry)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHeed(o =>
        {
            o.RegistryUrl = registry.GrpcUrl;
            o.Key = registry.EnforcerKey;
            o.Service = "agreement";
            o.Kind = ReplicaKinds.Sidecar;
        });
        WebApplication app = builder.Build();
        app.MapHeedCheckEndpoints();
        await app.StartAsync();
        var host = new SidecarHost(app);
        using var fresh = new CancellationTokenSource(GateServer.Wait);
        await host.Enforcer.WaitUntilFreshAsync(fresh.Token);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
