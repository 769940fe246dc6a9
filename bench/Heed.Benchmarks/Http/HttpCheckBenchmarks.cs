using BenchmarkDotNet.Attributes;
using Heed.Client;
using Heed.Client.Enforcement;
using Heed.Core.Purposes;
using Heed.Registry.Hosting;
using Heed.Testing.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Heed.Benchmarks.Http;

/// <summary>
/// The whole HTTP check path, in process over loopback Kestrel: the registry (key check, routing, the
/// shared handler, its metrics) and an enforcement point's handlers (<c>MapHeedCheckEndpoints</c>, as
/// <c>heed sidecar</c> maps them) over a leased replica. One keep-alive connection that allocates nothing
/// itself, so <c>Allocated</c> is the server's bytes per check (budget 1 KB, held in CI by
/// <c>CheckAllocationBudgetTests</c>).
/// </summary>
[MemoryDiagnoser]
public class HttpCheckBenchmarks
{
    private const string AdminKey = "bench-http-check-admin-key-0123456789abcdef";
    private const string Body = """{"subject":"user:2","purpose":"marketing.communications.email"}""";

    private string _data = "";
    private RegistryHandle _registry = null!;
    private WebApplication _sidecar = null!;
    private RawHttpConnection _toRegistry = null!;
    private RawHttpConnection _toSidecar = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public ValueTask<int> Registry() => _toRegistry.SendAsync();

    [Benchmark]
    public ValueTask<int> EnforcementPoint() => _toSidecar.SendAsync();

    private async Task SetupAsync()
    {
        _data = Directory.CreateTempSubdirectory("heed-bench-http-").FullName;
        _registry = await RegistryApp.CreateAsync(new RegistryOptions { Data = _data, Urls = "http://127.0.0.1:0", AdminKey = AdminKey });
        await _registry.App.StartAsync();
        var baseAddress = new Uri(_registry.Endpoints.HttpUrl);
        using (var admin = new HttpClient { BaseAddress = baseAddress })
        {
            admin.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
            (await admin.PutAsync("/v1/subjects/user:2/optouts/marketing", null)).EnsureSuccessStatusCode();
        }

        var enforcer = new HeedEnforcer(TimeProvider.System, 0.1, TimeSpan.FromMilliseconds(50), DefaultTaxonomy.Create());
        enforcer.Lease.Grant(TimeProvider.System.GetTimestamp(), TimeSpan.FromDays(1), requiredLsn: 0);
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IHeedEnforcer>(enforcer);
        builder.Services.AddProblemDetails();
        _sidecar = builder.Build();
        _sidecar.MapHeedCheckEndpoints();
        await _sidecar.StartAsync();

        _toRegistry = await RawHttpConnection.OpenAsync(baseAddress, "/v1/check", Body, AdminKey);
        _toSidecar = await RawHttpConnection.OpenAsync(new Uri(_sidecar.Urls.First()), "/v1/check", Body);
        foreach (RawHttpConnection connection in new[] { _toRegistry, _toSidecar })
        {
            if (await connection.SendAsync() != 200)
            {
                throw new InvalidOperationException("a check was not answered with 200; the benchmark would measure an error path");
            }
        }
    }

    private async Task CleanupAsync()
    {
        _toRegistry.Dispose();
        _toSidecar.Dispose();
        await _sidecar.StopAsync();
        await _sidecar.DisposeAsync();
        await _registry.App.StopAsync();
        await _registry.App.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
