using CloudNative.CloudEvents;
using Heed.Core.Decisions;
using Heed.Core.Json;
using Heed.Core.Subjects;
using Heed.Relay.Configuration;
using RabbitMQ.Client;

namespace Heed.Relay.Messages;

/// <summary>Finds the subject of a message as one queue's configuration says, with the gate's rules
/// (<see cref="RawSubject"/>, <see cref="SubjectParser"/>), so one value gives one subject at both. Never
/// throws on bad input: a message that cannot be read is an unresolvable message, with the reason.</summary>
public sealed class SubjectExtractor
{
    public const string NoSubject = "no_subject";
    public const string MalformedBody = "malformed_body";
    public static readonly string InvalidSubject = DecisionReasons.ToWire(DecisionReason.InvalidSubject);

    private static readonly string SubjectName = CloudEventsSpecVersion.V1_0.SubjectAttribute.Name;
    private static readonly string TypeName = CloudEventsSpecVersion.V1_0.TypeAttribute.Name;
    private static readonly string[] SubjectHeaders = AmqpCloudEvents.Names(SubjectName);
    private static readonly string[] TypeHeaders = AmqpCloudEvents.Names(TypeName);

    private readonly SubjectSourceKind _from;
    private readonly string? _header;
    private readonly JsonPointer? _pointer;
    private readonly string? _kind;

    public SubjectExtractor(SubjectConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _from = config.From ?? throw new ArgumentException("subject.from is required", nameof(config));
        _header = config.Header;
        _pointer = _from == SubjectSourceKind.Json ? JsonPointer.Parse(config.Pointer!) : null;
        _kind = config.Kind;
    }

    public SubjectResult Extract(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(properties);
        IDictionary<string, object?>? headers = properties.Headers;
        string? type = HeaderValues.FindAny(headers, TypeHeaders);
        RawSubject raw = _from switch
        {
            SubjectSourceKind.CloudEvents => RawSubject.FromText(HeaderValues.FindAny(headers, SubjectHeaders)),
            SubjectSourceKind.Header => RawSubject.FromText(HeaderValues.Find(headers, _header!)),
            _ => RawSubject.FromJson(body, _pointer!),
        };

        return FromRaw(raw, _kind, _from == SubjectSourceKind.Json, type);
    }

    /// <summary>The canonical subject of <paramref name="raw"/>, or the quarantine reason: a refused value is
    /// <c>malformed_body</c> when it came from JSON, else <c>invalid_subject</c>.</summary>
    public static SubjectResult FromRaw(RawSubject raw, string? kind, bool fromJson, string? type)
    {
        if (raw.IsRefused)
        {
            return SubjectResult.Unresolvable(fromJson ? MalformedBody : InvalidSubject, type);
        }

        if (string.IsNullOrWhiteSpace(raw.Value))
        {
            return SubjectResult.Unresolvable(NoSubject, type);
        }

        return SubjectParser.TryNormalize(raw.Value, kind, out string canonical) == SubjectError.None
            ? new SubjectResult(canonical, type, null)
            : SubjectResult.Unresolvable(InvalidSubject, type);
    }
}
