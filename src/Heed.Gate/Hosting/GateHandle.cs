using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Gate.Hosting;

/// <summary>A built gate: the application, its readiness, and (once started) where it listens.</summary>
public sealed class GateHandle(WebApplication app, GateReadiness readiness) : IAsyncDisposable
{
    public WebApplication App { get; } = app;

    public GateReadiness Readiness { get; } = readiness;

    /// <summary>The first address the gate listens on; with port 0, the port actually bound.</summary>
    public Uri Url => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
