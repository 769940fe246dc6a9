using Heed.Client;
using Heed.Relay.Configuration;
using Heed.Relay.Hosting;
using Heed.Relay.Telemetry;
using Heed.Testing.Polling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Heed.Relay.Tests.Infrastructure;

/// <summary>The real relay host (the same one <c>heed relay</c> runs) inside the test process.</summary>
public sealed class InProcessRelay : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private InProcessRelay(IHost host)
    {
        _host = host;
        Status = host.Services.GetRequiredService<RelayStatus>();
    }

    public RelayStatus Status { get; }

    public RelayCounts Counts => Status.Counts;

    /// <summary>The relay's replica.</summary>
    public IHeedEnforcer Enforcer => _host.Services.GetRequiredService<IHeedEnforcer>();

    /// <summary>Starts the relay and returns once it consumes every queue (it has its first lease).</summary>
    public static Task<InProcessRelay> StartAsync(TestRegistry registry, RelayConfig config) =>
        StartAsync(registry.GrpcUrl, registry.EnforcerKey, config);

    /// <summary>Starts the relay against any registry (for example a <c>heed serve</c> child process).</summary>
    public static async Task<InProcessRelay> StartAsync(string registryUrl, string key, RelayConfig config)
    {
        IHost host = RelayHost.Create(registryUrl, key, config, "relay-test", b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        var relay = new InProcessRelay(host);
        await host.StartAsync();
        await relay.Status.WhenConsuming.WaitAsync(TimeSpan.FromSeconds(30));
        return relay;
    }

    /// <summary>Waits until <paramref name="count"/> deliveries have been forwarded, denied or quarantined.</summary>
    public Task WaitForSettledAsync(long count, TimeSpan timeout) =>
        Poll.UntilAsync(
            _ => Task.FromResult(Settled(Counts) >= count),
            timeout,
            $"{count} settled deliveries (now {Counts})");

    public Task WaitUntilAsync(Func<RelayCounts, bool> condition, TimeSpan timeout, string description) =>
        Poll.UntilAsync(_ => Task.FromResult(condition(Counts)), timeout, $"{description} (now {Counts})");

    public static long Settled(RelayCounts counts) => counts.Forwarded + counts.Denied + counts.Quarantined;

    /// <summary>A graceful stop: stop consuming, drain, close.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
