using Heed.Core.Json;
using Heed.Core.Purposes;
using Heed.Core.Subjects;
using Heed.Relay.Messages;

namespace Heed.Relay.Configuration;

/// <summary>Checks a whole configuration and reports every error at once, each naming where it is.</summary>
public static class RelayConfigValidator
{
    public static IReadOnlyList<string> Validate(RelayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(config.Connection))
        {
            errors.Add("connection: required (an amqp:// or amqps:// URI)");
        }
        else if (!Uri.TryCreate(config.Connection, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            errors.Add("connection: not an amqp:// or amqps:// URI");
        }

        if (config.StatusInterval is { } interval && interval <= TimeSpan.Zero)
        {
            errors.Add("statusInterval: must be positive");
        }

        if (config.RequeueDelay is { } delay && delay < TimeSpan.Zero)
        {
            errors.Add("requeueDelay: must not be negative");
        }

        if (config.Queues is not { Count: > 0 })
        {
            errors.Add("queues: at least one queue is required");
            return errors;
        }

        var sources = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Queues.Count; i++)
        {
            string at = $"queues[{i}]";
            if (config.Queues[i] is not { } queue)
            {
                errors.Add($"{at}: must be an object");
                continue;
            }

            ValidateQueue(queue, at, errors);
            if (!string.IsNullOrWhiteSpace(queue.Source) && !sources.Add(queue.Source))
            {
                errors.Add($"{at}.source: '{queue.Source}' is relayed twice");
            }
        }

        return errors;
    }

    private static void ValidateQueue(QueueRelayConfig queue, string at, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(queue.Source))
        {
            errors.Add($"{at}.source: required");
        }

        if (queue.Exchange is null)
        {
            errors.Add($"{at}.exchange: required (\"\" is the default exchange)");
        }

        if (queue.Exchange == string.Empty && queue.RoutingKey is null)
        {
            errors.Add($"{at}.routingKey: required when forwarding to the default exchange, or messages would loop back to their queue");
        }

        if (string.IsNullOrWhiteSpace(queue.Quarantine))
        {
            errors.Add($"{at}.quarantine: required (a queue for messages that cannot be decided)");
        }
        else if (queue.Quarantine == queue.Source)
        {
            errors.Add($"{at}.quarantine: must differ from the source queue");
        }

        if (queue.Prefetch == 0)
        {
            errors.Add($"{at}.prefetch: must be at least 1");
        }

        if (queue.Concurrency == 0)
        {
            errors.Add($"{at}.concurrency: must be at least 1");
        }

        if (queue.CloudEvents == true)
        {
            ValidateCloudEvents(queue, at, errors);
            return;
        }

        if (queue.Purposes is not { Count: > 0 })
        {
            errors.Add($"{at}.purposes: at least one purpose is required");
        }
        else
        {
            for (var p = 0; p < queue.Purposes.Count; p++)
            {
                if (!PurposeNames.IsValid(queue.Purposes[p]))
                {
                    errors.Add($"{at}.purposes[{p}]: '{queue.Purposes[p]}' is not a purpose name (dotted lower-case segments)");
                }
            }
        }

        ValidateSubject(queue.Subject, $"{at}.subject", errors);
        if (queue.EventTypes is { Count: 0 })
        {
            errors.Add($"{at}.eventTypes: leave it out, or list at least one type");
        }
        else if (queue.EventTypes is not null && queue.EventTypes.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{at}.eventTypes: types must not be empty");
        }
    }

    /// <summary>A queue in CloudEvents mode takes its purposes and subject location from each event's schema
    /// version, never from the file: settings that would say otherwise are errors, not ignored.</summary>
    private static void ValidateCloudEvents(QueueRelayConfig queue, string at, List<string> errors)
    {
        if (queue.Purposes is not null)
        {
            errors.Add($"{at}.purposes: not used with cloudEvents true (each event's schema version gives its purposes)");
        }

        if (queue.EventTypes is not null)
        {
            errors.Add($"{at}.eventTypes: not used with cloudEvents true (an event of a type without a registered schema is quarantined)");
        }

        if (queue.Subject is { } subject)
        {
            if (subject.From is not null || subject.Header is not null || subject.Pointer is not null)
            {
                errors.Add($"{at}.subject: only kind is used with cloudEvents true (each event's schema version says where its subject is)");
            }

            if (subject.Kind is not null && !SubjectParser.IsValidKind(subject.Kind))
            {
                errors.Add($"{at}.subject.kind: '{subject.Kind}' is not a subject kind ([a-z][a-z0-9_]{{0,31}})");
            }
        }
    }

    private static void ValidateSubject(SubjectConfig? subject, string at, List<string> errors)
    {
        if (subject?.From is not { } from)
        {
            errors.Add($"{at}.from: required: cloudEvents, header or json");
            return;
        }

        if (from == SubjectSourceKind.Header && string.IsNullOrWhiteSpace(subject.Header))
        {
            errors.Add($"{at}.header: required when from is header");
        }

        if (from != SubjectSourceKind.Header && subject.Header is not null)
        {
            errors.Add($"{at}.header: only used when from is header");
        }

        if (from == SubjectSourceKind.Json && !JsonPointer.IsValid(subject.Pointer))
        {
            errors.Add($"{at}.pointer: required when from is json, an RFC 6901 pointer such as /user/id");
        }

        if (from != SubjectSourceKind.Json && subject.Pointer is not null)
        {
            errors.Add($"{at}.pointer: only used when from is json");
        }

        if (subject.Kind is not null && !SubjectParser.IsValidKind(subject.Kind))
        {
            errors.Add($"{at}.kind: '{subject.Kind}' is not a subject kind ([a-z][a-z0-9_]{{0,31}})");
        }
    }
}
