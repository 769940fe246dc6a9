// The peer of `heed gate` in benchmarks (docs/benchmarks.md): plain YARP, same config file, no enforcement.
// Usage: dotnet run -c Release -- --config gate.json --urls http://127.0.0.1:8383
// `upstream` as the first argument runs the trivial upstream both proxies forward to instead.
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

if (args.Length > 0 && args[0] == "upstream")
{
    WebApplicationBuilder upstream = WebApplication.CreateBuilder(args[1..]);
    upstream.Logging.ClearProviders();
    WebApplication server = upstream.Build();
    server.Run(context => context.Response.WriteAsync("ok"));
    await server.RunAsync();
    return;
}

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Configuration.AddJsonFile(Path.GetFullPath(builder.Configuration["config"] ?? "gate.json"), optional: false);
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
WebApplication app = builder.Build();
app.MapReverseProxy();
await app.RunAsync();
