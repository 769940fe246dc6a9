using Heed.Relay.Configuration;

namespace Heed.Relay.Tests.Configuration;

/// <summary>A queue in CloudEvents mode takes purposes and subject from each event's schema version; settings
/// that would say otherwise are errors, every one reported.</summary>
public sealed class CloudEventQueueConfigTests
{
    private static RelayConfig With(QueueRelayConfig queue) => new()
    {
        Connection = "amqp://guest:guest@127.0.0.1:5672/",
        Queues = [queue with { Source = "in", Exchange = "out", Quarantine = "q", CloudEvents = true }],
    };

    [Fact]
    public void Validate_CloudEventsWithOnlyAKind_Valid() =>
        RelayConfigValidator.Validate(With(new QueueRelayConfig { Subject = new SubjectConfig { Kind = "user" } })).ShouldBeEmpty();

    [Fact]
    public void Validate_CloudEventsWithQueuePurposesTypesAndSubjectSource_EachAnError()
    {
        IReadOnlyList<string> errors = RelayConfigValidator.Validate(With(new QueueRelayConfig
        {
            Purposes = ["analytics"],
            EventTypes = ["com.example.a"],
            Subject = new SubjectConfig { From = SubjectSourceKind.Json, Pointer = "/id", Kind = "User" },
        }));

        errors.Count.ShouldBe(4);
        errors.ShouldContain(e => e.StartsWith("queues[0].purposes: not used with cloudEvents true", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("queues[0].eventTypes: not used with cloudEvents true", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("queues[0].subject: only kind is used", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("queues[0].subject.kind: 'User'", StringComparison.Ordinal));
    }
}
