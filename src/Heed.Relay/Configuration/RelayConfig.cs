namespace Heed.Relay.Configuration;

/// <summary>The relay's configuration file: one broker connection and the queues it enforces.</summary>
public sealed record RelayConfig
{
    /// <summary>An AMQP URI, e.g. <c>amqp://user:pass@127.0.0.1:5672/vhost</c>.</summary>
    public string? Connection { get; init; }

    /// <summary>How often the counters are logged; 10 s by default.</summary>
    public TimeSpan? StatusInterval { get; init; }

    /// <summary>How long a message whose forward failed waits before it is returned to its queue, so a
    /// target that is down is not hammered by a hot redelivery loop; 1 s by default.</summary>
    public TimeSpan? RequeueDelay { get; init; }

    public IReadOnlyList<QueueRelayConfig>? Queues { get; init; }
}
