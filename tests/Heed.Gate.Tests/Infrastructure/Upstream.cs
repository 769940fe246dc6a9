using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Heed.Gate.Tests.Infrastructure;

/// <summary>A real Kestrel service behind the gate that records every request it receives.</summary>
public sealed class Upstream : IAsyncDisposable
{
    public const string TraceHeader = "X-Trace";
    private readonly WebApplication _app;

    private Upstream(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, Received> Requests { get; } = new();

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<Upstream> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        var upstream = new Upstream(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            string body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            string trace = headers.GetValueOrDefault(TraceHeader) ?? Guid.NewGuid().ToString("N");
            upstream.Requests[trace] = new Received(context.Request.Path + context.Request.QueryString, headers, body);
            await context.Response.WriteAsync("upstream");
        });
        await app.StartAsync();
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Received(string Path, Dictionary<string, string> Headers, string Body);
}
