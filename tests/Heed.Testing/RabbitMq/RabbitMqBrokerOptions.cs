using Heed.Testing.Processes;

namespace Heed.Testing.RabbitMq;

public sealed record RabbitMqBrokerOptions
{
    /// <summary>A first start takes ~5–15 s here (it creates the Mnesia schema); restarts are faster.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Lines the rabbitmq-server wrapper prints (the node itself logs to files in its directory).</summary>
    public Action<OutputLine>? OnLine { get; init; }
}
