using Heed.Relay.Configuration;

namespace Heed.Relay.Tests.Configuration;

/// <summary>A relay configuration is checked whole, every error reported with where it is.</summary>
public sealed class RelayConfigValidatorTests
{
    private static readonly QueueRelayConfig Good = new()
    {
        Source = "orders",
        Exchange = "partners",
        Quarantine = "orders.quarantine",
        Purposes = ["third_party_sharing.sale"],
        Subject = new SubjectConfig { From = SubjectSourceKind.Json, Pointer = "/user/id", Kind = "user" },
    };

    [Fact]
    public void Validate_GoodConfig_NoErrors()
    {
        RelayConfigValidator.Validate(new RelayConfig { Connection = "amqp://127.0.0.1:5672", Queues = [Good] }).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_ManyMistakes_ReportsEachNamingWhere()
    {
        // Arrange
        var config = new RelayConfig
        {
            Connection = "http://127.0.0.1",
            Queues =
            [
                Good with { Quarantine = "orders", Purposes = ["third_party_sharing.sale", "Marketing!"] },
                Good with { Exchange = "", RoutingKey = null, Subject = new SubjectConfig { From = SubjectSourceKind.Header } },
                Good with { Subject = new SubjectConfig { From = SubjectSourceKind.Json, Pointer = "user/id" }, EventTypes = [] },
            ],
        };

        // Act
        IReadOnlyList<string> errors = RelayConfigValidator.Validate(config);

        // Assert
        errors.ShouldContain(e => e.StartsWith("connection:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("queues[0].quarantine:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("queues[0].purposes[1]:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("queues[1].routingKey:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("queues[1].subject.header:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("queues[2].subject.pointer", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("queues[2].eventTypes:", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("queues[1].source:", StringComparison.Ordinal) || e.StartsWith("queues[2].source:", StringComparison.Ordinal), "the same source relayed twice");
    }

    [Fact]
    public void Validate_NoQueues_Error()
    {
        RelayConfigValidator.Validate(new RelayConfig { Connection = "amqp://127.0.0.1" }).ShouldBe(["queues: at least one queue is required"]);
    }
}
