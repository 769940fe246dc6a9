using System.Text;
using System.Text.Json;
using Heed.Core.Decisions;
using Heed.Core.Purposes;
using Heed.Core.Schemas;
using Heed.Core.Subjects;
using Heed.Gate.CloudEvents;
using Heed.Gate.Policies;
using Heed.Gate.Problems;
using Heed.Gate.Subjects;
using Microsoft.AspNetCore.Http;

namespace Heed.Gate.Enforcement;

/// <summary>
/// A route in CloudEvents mode (<c>Heed.CloudEvents</c>): each event resolves to its schema version
/// (<see cref="EventSchemas"/>), whose subject location and purposes are checked like a route's. An event
/// that resolves to none is refused with 422; a batch forwards only the events it may (docs/gate.md).
/// </summary>
public sealed partial class HeedEnforcementMiddleware
{
    private const string Malformed = "malformed";

    private Task InvokeCloudEventsAsync(HttpContext context, RoutePolicy policy) =>
        HttpCloudEvents.ModeOf(context.Request) switch
        {
            CloudEventMode.Binary => InvokeBinary(context, policy),
            CloudEventMode.Structured => InvokeStructuredAsync(context, policy),
            CloudEventMode.Batch => InvokeBatchAsync(context, policy),
            _ => GateProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "not-a-cloudevent", "The request is not a CloudEvent",
                "this route takes CloudEvents only: binary mode (ce- headers), structured (application/cloudevents+json) or batched (application/cloudevents-batch+json)",
                policy.RouteId),
        };

    /// <summary>Synchronous unless the subject is in the data, which must then be read.</summary>
    private Task InvokeBinary(HttpContext context, RoutePolicy policy)
    {
        if (!HttpCloudEvents.TryReadBinary(context.Request.Headers, out CloudEventAttributes attributes, out string? error))
        {
            return WriteMalformedAsync(context, policy, error!);
        }

        EventResolution resolution = EventSchemas.Resolve(_enforcer.Replica.Schemas, attributes);
        if (!resolution.Accepted)
        {
            return RejectAsync(context, policy, attributes, resolution);
        }

        return EventSchemas.SubjectInData(resolution.Schema!)
            ? InvokeBinaryDataAsync(context, policy, attributes, resolution.Schema!)
            : SettleAsync(context, policy, JudgeEvent(policy, resolution.Schema!, attributes, default));
    }

    private async Task InvokeBinaryDataAsync(HttpContext context, RoutePolicy policy, CloudEventAttributes attributes, EventSchema schema)
    {
        ReadOnlyMemory<byte>? body = await ReadEventBodyAsync(context, policy);
        if (body is { } data)
        {
            await SettleAsync(context, policy, JudgeEvent(policy, schema, attributes, data));
        }
    }

    private async Task InvokeStructuredAsync(HttpContext context, RoutePolicy policy)
    {
        if (await ReadEventBodyAsync(context, policy) is not { } body)
        {
            return;
        }

        using JsonDocument? document = CloudEventJson.TryParse(body);
        CloudEventAttributes attributes = default;
        ReadOnlyMemory<byte> data = default;
        string? error = "the body is not JSON";
        if (document is null || !CloudEventJson.TryRead(document.RootElement, out attributes, out data, out error))
        {
            await WriteMalformedAsync(context, policy, error!);
            return;
        }

        EventResolution resolution = EventSchemas.Resolve(_enforcer.Replica.Schemas, attributes);
        await (resolution.Accepted
            ? SettleAsync(context, policy, JudgeEvent(policy, resolution.Schema!, attributes, data))
            : RejectAsync(context, policy, attributes, resolution));
    }

    /// <summary>Each event judged on its own. All allowed: forwarded as sent. Some: the allowed ones forwarded
    /// as a batch, the others named in <see cref="HttpCloudEvents.RefusedHeader"/>. None: 422 listing each.
    /// Without a lease nothing is forwarded (403 unconfirmed), as on every route.</summary>
    private async Task InvokeBatchAsync(HttpContext context, RoutePolicy policy)
    {
        if (await ReadEventBodyAsync(context, policy) is not { } body)
        {
            return;
        }

        using JsonDocument? document = CloudEventJson.TryParse(body);
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Array)
        {
            await WriteMalformedAsync(context, policy, "a batch is a JSON array of events in the JSON format");
            return;
        }

        var refused = new List<RefusedEvent>();
        var accepted = new List<JsonElement>();
        Verdict forwarded = new(new Decision(DecisionReason.Allowed, _enforcer.Replica.AppliedLsn), null, null);
        int index = -1;
        foreach (JsonElement element in document.RootElement.EnumerateArray())
        {
            index++;
            if (!CloudEventJson.TryRead(element, out CloudEventAttributes attributes, out ReadOnlyMemory<byte> data, out string? error))
            {
                refused.Add(new RefusedEvent(index, null, null, null, Malformed, error));
                continue;
            }

            EventResolution resolution = EventSchemas.Resolve(_enforcer.Replica.Schemas, attributes);
            if (!resolution.Accepted)
            {
                Count(policy, attributes, resolution);
                refused.Add(new RefusedEvent(index, attributes.Id, attributes.Type, resolution.Version, EventSchemas.ToWire(resolution.Rejection), GateProblems.SchemaDetail(attributes, resolution)));
                continue;
            }

            Verdict verdict = JudgeEvent(policy, resolution.Schema!, attributes, data);
            if (verdict.Decision.Reason == DecisionReason.Unconfirmed)
            {
                await DenyAsync(context, policy, verdict, default);
                return;
            }

            if (verdict.Allowed)
            {
                accepted.Add(element);
                forwarded = forwarded.Decision.OverrideId is null ? verdict : forwarded;
                continue;
            }

            string reason = DecisionReasons.ToWire(verdict.Decision.Reason);
            refused.Add(new RefusedEvent(index, attributes.Id, attributes.Type, resolution.Version, reason,
                verdict.Detail ?? (verdict.Decision.Matched is { } matched ? $"the subject opted out of '{matched.Name}'" : reason)));
        }

        if (accepted.Count == 0 && refused.Count > 0)
        {
            await GateProblems.WriteBatchRefusedAsync(context, refused, policy.RouteId);
            return;
        }

        if (accepted.Count == 0 && !_enforcer.Replica.IsFresh)
        {
            // An empty batch has nothing to check, but a gate without a lease forwards nothing at all.
            await DenyAsync(context, policy, new Verdict(new Decision(DecisionReason.Unconfirmed, _enforcer.Replica.AppliedLsn), "", null), default);
            return;
        }

        if (refused.Count > 0)
        {
            BoundedBody.Replace(context.Request, Subset(accepted));
            context.Response.Headers[HttpCloudEvents.RefusedHeader] = string.Join(',', refused.Select(r => $"{r.Index}={r.Reason}"));
        }

        await ForwardAsync(context, forwarded);
    }

    private Verdict JudgeEvent(RoutePolicy policy, EventSchema schema, in CloudEventAttributes attributes, ReadOnlyMemory<byte> data)
    {
        if (schema.Purposes.Count == 0)
        {
            // Registered without purposes: nothing says what the event may be used for, so it is not forwarded.
            return new Verdict(new Decision(DecisionReason.UnknownPurpose, _enforcer.Replica.AppliedLsn), "", $"{schema.Type} version {schema.Version} declares no purpose");
        }

        RawSubject raw = EventSchemas.Subject(schema, attributes.Subject, data);
        return Evaluate(schema.Purposes, policy.SubjectKind, subjectOptional: false, raw, PurposeBits.Empty, schema.SubjectIsAttribute ? "event's subject attribute" : "event's data at " + schema.SubjectPointer);
    }

    private Task SettleAsync(HttpContext context, RoutePolicy policy, Verdict verdict) =>
        verdict.Allowed ? ForwardAsync(context, verdict) : DenyAsync(context, policy, verdict, default);

    private Task RejectAsync(HttpContext context, RoutePolicy policy, in CloudEventAttributes attributes, in EventResolution resolution)
    {
        Count(policy, attributes, resolution);
        return GateProblems.WriteSchemaRejectedAsync(context, attributes, resolution, policy.RouteId);
    }

    private void Count(RoutePolicy policy, in CloudEventAttributes attributes, in EventResolution resolution)
    {
        _schemaRejections.Rejected(attributes, resolution);
        LogSchemaRejected(_logger, policy.RouteId, attributes.Type ?? "", resolution.Version, EventSchemas.ToWire(resolution.Rejection));
    }

    /// <summary>The body, bounded by <c>JsonBodyLimit</c>; null once a 413 has been answered.</summary>
    private async ValueTask<ReadOnlyMemory<byte>?> ReadEventBodyAsync(HttpContext context, RoutePolicy policy)
    {
        BodyRead read = await BoundedBody.ReadAsync(context, _bodyLimit);
        if (!read.TooLarge)
        {
            return read.Bytes;
        }

        LogBodyTooLarge(_logger, policy.RouteId, _bodyLimit);
        await GateProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "body-too-large", "The request body is too large",
            $"this route reads a body of at most {_bodyLimit} bytes", policy.RouteId);
        return null;
    }

    private static Task WriteMalformedAsync(HttpContext context, RoutePolicy policy, string error) =>
        GateProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "malformed-cloudevent", "The request is not a valid CloudEvent", error, policy.RouteId);

    private static byte[] Subset(List<JsonElement> events)
    {
        var json = new StringBuilder("[");
        foreach (JsonElement e in events)
        {
            json.Append(json.Length > 1 ? "," : "").Append(e.GetRawText());
        }

        return Encoding.UTF8.GetBytes(json.Append(']').ToString());
    }
}
