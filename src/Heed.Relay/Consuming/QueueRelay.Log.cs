using Heed.Relay.Enforcement;
using Microsoft.Extensions.Logging;

namespace Heed.Relay.Consuming;

/// <summary>Log messages of a queue relay. Subjects are never logged.</summary>
public sealed partial class QueueRelay
{
    [LoggerMessage(1, LogLevel.Information, "Relaying {Source} to exchange '{Exchange}' (quarantine {Quarantine}, prefetch {Prefetch}, concurrency {Concurrency})")]
    private partial void Consuming(string source, string exchange, string quarantine, ushort prefetch, ushort concurrency);

    [LoggerMessage(2, LogLevel.Information, "Stopped consuming {Source}; every delivery in flight is settled")]
    private partial void Drained(string source);

    [LoggerMessage(3, LogLevel.Warning, "A message of {Source} was not forwarded ({Reason}: {Error}); it goes back to the queue in {Delay} to be checked again")]
    private partial void ForwardFailed(string source, string reason, string error, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Warning, "The settlement of a {Verdict} message of {Source} did not reach the broker ({Error}); it will be redelivered and checked again")]
    private partial void AckLost(string source, RelayVerdict verdict, string error);

    [LoggerMessage(5, LogLevel.Warning, "Reopening the publisher channel of {Source} after a channel error: {Reason}")]
    private partial void PublisherReopened(string source, string? reason);

    [LoggerMessage(6, LogLevel.Warning, "The replica has no lease: holding the deliveries of {Source} unacknowledged (at most the prefetch; the rest wait in the queue) until it is fresh")]
    private partial void Holding(string source);

    [LoggerMessage(7, LogLevel.Information, "No delivery of {Source} is held any more; relaying")]
    private partial void Resumed(string source);
}
