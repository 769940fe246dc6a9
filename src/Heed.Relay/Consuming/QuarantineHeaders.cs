using RabbitMQ.Client;

namespace Heed.Relay.Consuming;

/// <summary>The headers a quarantined message carries, so an operator can see why and where it came from.</summary>
public static class QuarantineHeaders
{
    public const string Reason = "heed-quarantine-reason";
    public const string Exchange = "heed-original-exchange";
    public const string RoutingKey = "heed-original-routing-key";
    public const string Queue = "heed-original-queue";
    public const string Lsn = "heed-lsn";

    /// <summary>A persistent copy of the message's properties with the quarantine headers added.</summary>
    public static BasicProperties For(IReadOnlyBasicProperties original, string reason, string queue, string exchange, string routingKey, long lsn)
    {
        var headers = original.Headers is null
            ? new Dictionary<string, object?>(5)
            : new Dictionary<string, object?>(original.Headers);
        headers[Reason] = reason;
        headers[Queue] = queue;
        headers[Exchange] = exchange;
        headers[RoutingKey] = routingKey;
        headers[Lsn] = lsn;
        return new BasicProperties(original) { Headers = headers, Persistent = true };
    }
}
