using System.Collections.Concurrent;
using Heed.Registry.Monitoring.Alerts;
using Heed.Registry.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Tests.Monitoring;

/// <summary>One registry for a class of violation tests, with the alerts it raised kept in memory.</summary>
public sealed class ViolationFixture : IAsyncLifetime
{
    private RegistryServer? _server;

    public RegistryServer Server => _server ?? throw new InvalidOperationException("not started");

    public RecordingAlertSink Alerts { get; } = new();

    public async ValueTask InitializeAsync() =>
        _server = await RegistryServer.StartAsync(builder: b => b.Services.AddSingleton<IAlertSink>(Alerts));

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Keeps every alert raised: the one thing of a registry test that is not real (webhooks are tested on their own).</summary>
public sealed class RecordingAlertSink : IAlertSink
{
    public ConcurrentQueue<Alert> Raised { get; } = new();

    public ValueTask RaiseAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        Raised.Enqueue(alert);
        return ValueTask.CompletedTask;
    }
}
