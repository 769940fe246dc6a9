using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Grpc.Core;
using Heed.Protocol.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Heed.Client.Tests.Infrastructure;

/// <summary>A scripted registry: a real gRPC server on Kestrel at 127.0.0.1, port 0, HTTP/2 only.</summary>
public sealed class FakeRegistry : IAsyncDisposable
{
    private WebApplication? _app;

    public Channel<FakeSession> Sessions { get; } = Channel.CreateUnbounded<FakeSession>();

    public Channel<Hello> Hellos { get; } = Channel.CreateUnbounded<Hello>();

    public ConcurrentBag<string> Authorization { get; } = [];

    /// <summary>When set, every Sync call is refused with this status after its Hello.</summary>
    public Status? Refusal { get; set; }

    public string Url { get; private set; } = string.Empty;

    public static async Task<FakeRegistry> StartAsync()
    {
        var registry = new FakeRegistry();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(registry);
        WebApplication app = builder.Build();
        app.MapGrpcService<FakeReplicationService>();
        await app.StartAsync();
        registry._app = app;
        registry.Url = app.Urls.First();
        return registry;
    }

    public async Task<FakeSession> NextSessionAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Waits.Default);
        return await Sessions.Reader.ReadAsync(cts.Token);
    }

    public async Task<Hello> NextHelloAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Waits.Default);
        return await Hellos.Reader.ReadAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
