using FsCheck;
using FsCheck.Fluent;
using Heed.Core.Decisions;
using Heed.Core.Leases;
using Heed.Core.Overrides;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Subjects;
using Heed.Core.Tests.Subjects;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Core.Tests.Replicas;

public sealed class CheckManyTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly PurposeTaxonomy _taxonomy = DefaultTaxonomy.Create();

    [Fact]
    public void CheckMany_AnyRequests_SameDecisionsAsOneByOne() =>
        PropertyCheck.ForAll(
            from subjects in Gen.OneOf(SubjectGenerators.Anything, Gen.Choose(0, 40).Select(i => "user:" + i)).ArrayOf()
            from purposes in Gen.Elements(_taxonomy.All.Select(p => p.Name).Concat(["nope", "", "Marketing"])).ArrayOf(subjects.Length)
            from fresh in Gen.Elements(true, false)
            from applied in Gen.Choose(0, 3)
            select (subjects, purposes, fresh, applied),
            run =>
            {
                // Arrange: every third user opted out of something; an override covers some of them, and
                // another is not timed.
                ReplicaState state = NewState(run.fresh, requiredLsn: 2);
                string[] overridden = Enumerable.Range(0, 20).Select(i => "user:" + i).ToArray();
                state.Overrides.Replace(
                    [
                        new Override("ovr_1", "svc", string.Empty, ["marketing", "analytics"], overridden.Select(s => SubjectHash.Of(s)).ToArray()),
                        new Override("ovr_2", "svc", string.Empty, ["all"], []),
                    ],
                    "svc",
                    "replica",
                    _taxonomy);
                state.Overrides.Honor(state.Lease, _time.GetTimestamp(), new Dictionary<string, TimeSpan> { ["ovr_1"] = TimeSpan.FromSeconds(1) });
                state.AppliedLsn = run.applied;
                var masks = new SubjectMasks(state.Table);
                Purpose[] optOutable = _taxonomy.All.Where(p => p.Bit >= 0).ToArray();
                for (int i = 0; i < 40; i += 3)
                {
                    string subject = "user:" + i;
                    masks.Set(subject, SubjectHash.Of(subject), optOutable[i % optOutable.Length]);
                }

                CheckRequest[] requests = run.subjects.Zip(run.purposes, (s, p) => new CheckRequest(s, p)).ToArray();
                var decisions = new Decision[requests.Length];

                // Act
                state.CheckMany(requests, decisions);

                // Assert
                for (int i = 0; i < requests.Length; i++)
                {
                    decisions[i].ShouldBe(state.Check(requests[i].Subject, requests[i].Purpose), $"{requests[i]}");
                }
            },
            runs: 300);

    [Fact]
    public void CheckMany_NullFields_InvalidSubjectOrUnknownPurpose()
    {
        // Arrange
        ReplicaState state = NewState(fresh: true, requiredLsn: 0);
        CheckRequest[] requests = [default, new("user:1", null!)];
        var decisions = new Decision[2];

        // Act
        state.CheckMany(requests, decisions);

        // Assert
        decisions[0].Reason.ShouldBe(DecisionReason.InvalidSubject);
        decisions[1].Reason.ShouldBe(DecisionReason.UnknownPurpose);
    }

    [Fact]
    public void CheckMany_TooFewDecisionSlots_Throws()
    {
        // Arrange
        ReplicaState state = NewState(fresh: true, requiredLsn: 0);

        // Act / Assert
        Should.Throw<ArgumentOutOfRangeException>(() => state.CheckMany([new("user:1", "all")], []));
    }

    private ReplicaState NewState(bool fresh, long requiredLsn)
    {
        var lease = new LeaseClock(_time);
        if (fresh)
        {
            lease.Grant(_time.GetTimestamp(), TimeSpan.FromSeconds(1), requiredLsn);
        }

        return new ReplicaState(_taxonomy, lease);
    }
}
