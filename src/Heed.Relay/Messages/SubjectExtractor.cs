using System.Text.Json;
using CloudNative.CloudEvents;
using Heed.Relay.Configuration;
using RabbitMQ.Client;

namespace Heed.Relay.Messages;

/// <summary>Finds the subject of a message as one queue's configuration says. Never throws on bad input:
/// a message that cannot be read is an unresolvable message, with the reason.</summary>
public sealed class SubjectExtractor
{
    public const string NoSubject = "no_subject";
    public const string MalformedBody = "malformed_body";

    // The CloudEvents AMQP binding names application properties "cloudEvents:<attribute>"; AMQP 0-9-1
    // clients that cannot use ':' in header names write "cloudEvents_<attribute>".
    private static readonly string SubjectName = CloudEventsSpecVersion.V1_0.SubjectAttribute.Name;
    private static readonly string TypeName = CloudEventsSpecVersion.V1_0.TypeAttribute.Name;
    private static readonly string[] SubjectHeaders = ["cloudEvents:" + SubjectName, "cloudEvents_" + SubjectName];
    private static readonly string[] TypeHeaders = ["cloudEvents:" + TypeName, "cloudEvents_" + TypeName];

    private readonly SubjectSourceKind _from;
    private readonly string? _header;
    private readonly JsonPointer? _pointer;
    private readonly string? _kindPrefix;

    public SubjectExtractor(SubjectConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _from = config.From ?? throw new ArgumentException("subject.from is required", nameof(config));
        _header = config.Header;
        _pointer = _from == SubjectSourceKind.Json ? JsonPointer.Parse(config.Pointer!) : null;
        _kindPrefix = config.Kind is null ? null : config.Kind + ":";
    }

    public SubjectResult Extract(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(properties);
        IDictionary<string, object?>? headers = properties.Headers;
        string? type = HeaderValues.FindAny(headers, TypeHeaders);
        string? raw;
        switch (_from)
        {
            case SubjectSourceKind.CloudEvents:
                raw = HeaderValues.FindAny(headers, SubjectHeaders);
                break;
            case SubjectSourceKind.Header:
                raw = HeaderValues.Find(headers, _header!);
                break;
            default:
                if (!TryReadPointer(body, out raw))
                {
                    return SubjectResult.Unresolvable(MalformedBody, type);
                }

                break;
        }

        return string.IsNullOrWhiteSpace(raw)
            ? SubjectResult.Unresolvable(NoSubject, type)
            : new SubjectResult(_kindPrefix is null ? raw : _kindPrefix + raw, type, null);
    }

    private bool TryReadPointer(ReadOnlyMemory<byte> body, out string? value)
    {
        value = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!_pointer!.TryEvaluate(document.RootElement, out JsonElement found))
            {
                return true;
            }

            value = found.ValueKind switch
            {
                JsonValueKind.String => found.GetString(),
                JsonValueKind.Number => found.GetRawText(),
                _ => null,
            };
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
