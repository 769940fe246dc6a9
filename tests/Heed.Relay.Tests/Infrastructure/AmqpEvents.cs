using System.Globalization;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using RabbitMQ.Client;

namespace Heed.Relay.Tests.Infrastructure;

/// <summary>
/// Puts an SDK-built CloudEvent on a RabbitMQ message with the AMQP protocol binding (the SDK's own AMQP
/// binding is for AMQP 1.0 clients): binary mode, each attribute an application property
/// <c>cloudEvents:&lt;name&gt;</c> in its canonical string form, <c>content-type</c> the datacontenttype and the
/// body the data; or structured mode, <c>content-type: application/cloudevents+json</c> and the event as the body.
/// </summary>
public static class AmqpEvents
{
    private static readonly JsonEventFormatter Formatter = new();

    public static (BasicProperties Properties, ReadOnlyMemory<byte> Body) Encode(CloudEvent cloudEvent, string mode, long sequence, string prefix = "cloudEvents:")
    {
        var headers = new Dictionary<string, object?> { [RelayQueues.SequenceHeader] = sequence.ToString(CultureInfo.InvariantCulture) };
        var properties = new BasicProperties { Persistent = true, MessageId = cloudEvent.Id, Headers = headers };
        if (mode == "structured")
        {
            ReadOnlyMemory<byte> body = Formatter.EncodeStructuredModeMessage(cloudEvent, out System.Net.Mime.ContentType contentType);
            properties.ContentType = contentType.ToString();
            return (properties, body);
        }

        headers[prefix + "specversion"] = cloudEvent.SpecVersion.VersionId;
        foreach (KeyValuePair<CloudEventAttribute, object> attribute in cloudEvent.GetPopulatedAttributes())
        {
            if (attribute.Key.Name != cloudEvent.SpecVersion.DataContentTypeAttribute.Name)
            {
                headers[prefix + attribute.Key.Name] = attribute.Key.Format(attribute.Value);
            }
        }

        properties.ContentType = cloudEvent.DataContentType;
        return (properties, Formatter.EncodeBinaryModeEventData(cloudEvent));
    }
}
