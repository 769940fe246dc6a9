using System.Globalization;
using Heed.Relay.Consuming;
using Heed.Relay.Messages;
using RabbitMQ.Client;

namespace Heed.Relay.Tests.Infrastructure;

/// <summary>What a test reads back from a target or quarantine queue.</summary>
public sealed record ReceivedMessage(long Sequence, string? Subject, string? QuarantineReason, string? OriginalRoutingKey, string? Override)
{
    public static ReceivedMessage From(IReadOnlyBasicProperties properties) => new(
        long.Parse(HeaderValues.Find(properties.Headers, RelayQueues.SequenceHeader)!, CultureInfo.InvariantCulture),
        HeaderValues.Find(properties.Headers, "cloudEvents:subject"),
        HeaderValues.Find(properties.Headers, QuarantineHeaders.Reason),
        HeaderValues.Find(properties.Headers, QuarantineHeaders.RoutingKey),
        HeaderValues.Find(properties.Headers, ForwardHeaders.Override));
}
