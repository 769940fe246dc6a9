using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Heed.Testing.Http;

/// <summary>A real Kestrel on 127.0.0.1, port 0, answering every request the same way: an upstream, or
/// some other web server where a registry should be.</summary>
public sealed class TinyHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SemaphoreSlim _answered = new(0);
    private int _requests;

    private TinyHttpServer(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    /// <summary>How many requests it has answered.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Waits (on the requests, not by polling) until <paramref name="count"/> more requests arrived.
    /// For one waiter at a time.</summary>
    public async Task WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        for (var i = 0; i < count; i++)
        {
            await _answered.WaitAsync(cts.Token);
        }
    }

    public static async Task<TinyHttpServer> StartAsync(int status, string contentType, string body)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new TinyHttpServer(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref server._requests);
            server._answered.Release();
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _answered.Dispose();
    }
}
