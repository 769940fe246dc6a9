namespace Heed.Relay.Configuration;

/// <summary>One enforced queue: where messages come from, where allowed ones go, where unresolvable ones wait.</summary>
public sealed record QueueRelayConfig
{
    /// <summary>The queue the relay consumes (it must exist).</summary>
    public string? Source { get; init; }

    /// <summary>The exchange allowed messages are published to (it must exist; "" is the default exchange).</summary>
    public string? Exchange { get; init; }

    /// <summary>The routing key of forwarded messages; null keeps each message's original routing key.</summary>
    public string? RoutingKey { get; init; }

    /// <summary>The durable queue unresolvable messages go to; declared at start if missing.</summary>
    public string? Quarantine { get; init; }

    /// <summary>How many unacknowledged deliveries the broker may hand the relay at once; 100 by default.</summary>
    public ushort? Prefetch { get; init; }

    /// <summary>How many deliveries are processed at once; the prefetch by default. 1 keeps the queue's order.</summary>
    public ushort? Concurrency { get; init; }

    /// <summary>The purposes every message of this queue is used for; all must allow it.</summary>
    public IReadOnlyList<string>? Purposes { get; init; }

    /// <summary>Where each message's subject is.</summary>
    public SubjectConfig? Subject { get; init; }

    /// <summary>True: every message is a CloudEvent (AMQP binding, binary or structured) whose schema version
    /// gives its subject and purposes (docs/schemas.md); <see cref="Purposes"/>, <see cref="EventTypes"/> and
    /// <see cref="SubjectConfig.From"/> are then not used, and only <see cref="SubjectConfig.Kind"/> may be set.</summary>
    public bool? CloudEvents { get; init; }

    /// <summary>When set, only CloudEvents of these types are accepted; any other (or none) is quarantined.</summary>
    public IReadOnlyList<string>? EventTypes { get; init; }
}
