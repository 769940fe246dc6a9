using RabbitMQ.Client;

namespace Heed.Relay.Consuming;

/// <summary>The headers a forwarded message gains: only <c>heed-override</c>, on a message an override let through.</summary>
public static class ForwardHeaders
{
    public const string Override = "heed-override";

    /// <summary>A copy of the message's properties, with <see cref="Override"/> set when <paramref name="overrideId"/> is given.</summary>
    public static BasicProperties For(IReadOnlyBasicProperties original, string? overrideId)
    {
        if (overrideId is null)
        {
            return new BasicProperties(original);
        }

        var headers = original.Headers is null
            ? new Dictionary<string, object?>(1)
            : new Dictionary<string, object?>(original.Headers);
        headers[Override] = overrideId;
        return new BasicProperties(original) { Headers = headers };
    }
}
