using Heed.Core.Leases;
using Heed.Core.Overrides;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Subjects;
using Heed.Relay.Consuming;
using Heed.Relay.Enforcement;
using Heed.Relay.Messages;
using Heed.Relay.Tests.Infrastructure;
using RabbitMQ.Client;

namespace Heed.Relay.Tests.Enforcement;

/// <summary>A message an override lets through is forwarded saying so (docs/relay.md, "Overrides").</summary>
public sealed class MessageJudgeOverrideTests
{
    private const string Id = "ovr_0123456789abcdef";
    private readonly ReplicaState _state;
    private readonly MessageJudge _judge;

    public MessageJudgeOverrideTests()
    {
        PurposeTaxonomy taxonomy = DefaultTaxonomy.Create();
        var lease = new LeaseClock(TimeProvider.System);
        long now = TimeProvider.System.GetTimestamp();
        lease.Grant(now, TimeSpan.FromHours(1), requiredLsn: 0);
        _state = new ReplicaState(taxonomy, lease);
        taxonomy.TryGet("marketing", out Purpose marketing).ShouldBeTrue();
        foreach (string subject in new[] { "user:1", "user:2" })
        {
            new SubjectMasks(_state.Table).Set(subject, SubjectHash.Of(subject), marketing);
        }

        _state.Overrides.Replace([new Override(Id, "relay", string.Empty, ["marketing"], [SubjectHash.Of("user:1")])], "relay", "relay-1", taxonomy);
        _state.Overrides.Honor(lease, now, new Dictionary<string, TimeSpan> { [Id] = TimeSpan.FromHours(1) });
        _judge = new MessageJudge(new StateEnforcer(_state), ["analytics.reporting", "marketing.communications.email"], eventTypes: null);
    }

    [Fact]
    public void Judge_OverriddenOptOut_ForwardsWithTheOverride()
    {
        // Act
        RelayDecision decision = _judge.Judge(new SubjectResult("user:1", null, null));

        // Assert
        decision.Verdict.ShouldBe(RelayVerdict.Forward);
        decision.Reason.ShouldBe("override");
        decision.OverrideId.ShouldBe(Id);
    }

    [Fact]
    public void Judge_OptOutOutsideTheOverride_Denies()
    {
        // Act
        RelayDecision decision = _judge.Judge(new SubjectResult("user:2", null, null));

        // Assert
        decision.Verdict.ShouldBe(RelayVerdict.Deny);
        decision.OverrideId.ShouldBeNull();
    }

    [Fact]
    public void ForwardHeaders_WithOverride_AddsHeaderKeepsOthers()
    {
        // Arrange
        var original = new BasicProperties { MessageId = "m-1", Headers = new Dictionary<string, object?> { ["x-trace"] = "t" } };

        // Act
        BasicProperties overridden = ForwardHeaders.For(original, Id);
        BasicProperties plain = ForwardHeaders.For(original, null);

        // Assert
        overridden.Headers![ForwardHeaders.Override].ShouldBe(Id);
        overridden.Headers["x-trace"].ShouldBe("t");
        overridden.MessageId.ShouldBe("m-1");
        plain.Headers!.ContainsKey(ForwardHeaders.Override).ShouldBeFalse();
        original.Headers.ContainsKey(ForwardHeaders.Override).ShouldBeFalse();
    }
}
