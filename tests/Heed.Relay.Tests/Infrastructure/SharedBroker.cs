using Heed.Testing.RabbitMq;

namespace Heed.Relay.Tests.Infrastructure;

/// <summary>One private broker for the whole assembly; each test uses its own queues. Tests that restart
/// a broker start their own.</summary>
public sealed class SharedBroker : IAsyncLifetime
{
    private RabbitMqBroker? _broker;

    public RabbitMqBroker Broker => _broker ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _broker = await RabbitMqBroker.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
