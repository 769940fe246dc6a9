using Microsoft.Extensions.Logging;

namespace Heed.Relay.Hosting;

/// <summary>Log messages of the relay host.</summary>
public sealed partial class RelayService
{
    [LoggerMessage(1, LogLevel.Information, "Connected to the broker at {Endpoint}")]
    private partial void Connected(string endpoint);

    [LoggerMessage(2, LogLevel.Warning, "Cannot reach the broker at {Endpoint}; trying again in {Delay}: {Error}")]
    private partial void ConnectFailed(string endpoint, TimeSpan delay, string error);

    [LoggerMessage(3, LogLevel.Warning, "Lost the broker connection ({Reason}); unacknowledged deliveries return to their queues, reconnecting")]
    private partial void ConnectionLost(string reason);

    [LoggerMessage(4, LogLevel.Information, "Reconnected to the broker; consumers resumed")]
    private partial void ConnectionRecovered();

    [LoggerMessage(5, LogLevel.Information, "Waiting for the replica's first lease before consuming")]
    private partial void WaitingForLease();

    [LoggerMessage(6, LogLevel.Information, "Relay counts: {Counts} (replica fresh: {Fresh})")]
    private partial void Counts(string counts, bool fresh);

    [LoggerMessage(7, LogLevel.Information, "Relay stopped: {Counts}")]
    private partial void Stopped(string counts);
}
