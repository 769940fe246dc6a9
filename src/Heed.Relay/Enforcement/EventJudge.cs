using Heed.Client;
using Heed.Client.Telemetry;
using Heed.Core.Schemas;
using Heed.Core.Subjects;
using Heed.Relay.Messages;
using RabbitMQ.Client;

namespace Heed.Relay.Enforcement;

/// <summary>
/// Judges the messages of a queue in CloudEvents mode: each event resolves to its schema version
/// (<see cref="EventSchemas"/>, the same rules as the gate's); one that resolves to none is quarantined with the
/// rejection as its reason (<c>unknown_type</c>, <c>unknown_version</c>, <c>retired</c>, <c>below_minimum</c>,
/// <c>ambiguous</c>) and counted; otherwise its subject, found where the version says, is checked for the
/// version's purposes by <see cref="MessageJudge.Check"/>.
/// </summary>
public sealed class EventJudge(IHeedEnforcer enforcer, MessageJudge checks, string? kind, SchemaRejectionMetrics rejections)
{
    /// <summary>The quarantine reason of a message that is not a CloudEvent 1.0.</summary>
    public const string MalformedEvent = "malformed_event";

    public RelayDecision Judge(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, out SubjectResult message)
    {
        if (!AmqpCloudEvents.TryRead(properties, body, out CloudEventAttributes attributes, out ReadOnlyMemory<byte> data, out _))
        {
            message = SubjectResult.Unresolvable(MalformedEvent, attributes.Type);
            return new RelayDecision(RelayVerdict.Quarantine, MalformedEvent);
        }

        EventResolution resolution = EventSchemas.Resolve(enforcer.Replica.Schemas, attributes);
        if (!resolution.Accepted)
        {
            rejections.Rejected(attributes, resolution);
            string reason = EventSchemas.ToWire(resolution.Rejection);
            message = SubjectResult.Unresolvable(reason, attributes.Type);
            return new RelayDecision(RelayVerdict.Quarantine, reason);
        }

        EventSchema schema = resolution.Schema!;
        RawSubject raw = EventSchemas.Subject(schema, attributes.Subject, data);
        message = SubjectExtractor.FromRaw(raw, kind, fromJson: !schema.SubjectIsAttribute, attributes.Type);
        return checks.Check(message, schema.Purposes);
    }
}
