using Heed.Core.Decisions;
using Heed.Core.Leases;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Subjects;
using Heed.Core.Tests.Purposes;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Core.Tests.Replicas;

/// <summary>The registry's masks feeding a replica's table, with a lease that holds, and the model beside them.</summary>
public sealed class ReplicaHarness
{
    private readonly FakeTimeProvider _time = new();

    public ReplicaHarness(PurposeTaxonomy taxonomy)
    {
        var lease = new LeaseClock(_time);
        lease.Grant(_time.GetTimestamp(), TimeSpan.FromHours(1), requiredLsn: 0);
        Table = new ReplicaTable(16);
        Masks = new SubjectMasks(Table);
        State = new ReplicaState(taxonomy, lease, Table);
    }

    public ReplicaTable Table { get; }

    public SubjectMasks Masks { get; }

    public ReplicaState State { get; }

    public NaiveOptOuts Model { get; } = new();

    public static string SubjectOf(int subject) => "user:" + subject;

    /// <summary>Moves the replica to a new taxonomy, as a purpose change in the ledger would; the masks
    /// already in its table stay as they are.</summary>
    public void UseTaxonomy(PurposeTaxonomy taxonomy) => State.Taxonomy = taxonomy;

    public void Apply(MaskOperation operation)
    {
        string subject = SubjectOf(operation.Subject);
        ulong hash = SubjectHash.Of(subject);
        State.Taxonomy.TryGet(operation.Purpose, out Purpose purpose).ShouldBeTrue(operation.Purpose);
        if (!operation.IsSet)
        {
            Masks.Clear(subject, hash, purpose);
        }
        else if (NaivePurposes.IsEssential(operation.Purpose))
        {
            Should.Throw<ArgumentException>(() => Masks.Set(subject, hash, purpose));
            return;
        }
        else
        {
            Masks.Set(subject, hash, purpose);
        }

        Model.Apply(operation);
    }

    /// <summary>Checks every purpose of <paramref name="spec"/> for every subject against the model.</summary>
    public void CheckAll(TaxonomySpec spec, int subjects)
    {
        for (int s = 0; s < subjects; s++)
        {
            string subject = SubjectOf(s);
            foreach (string purpose in spec.Nodes.Append(NaivePurposes.All))
            {
                Decision decision = State.Check(subject, purpose);
                string because = $"check {subject} {purpose}; opted out: [{string.Join(", ", Model.Of(s))}]";
                if (NaivePurposes.IsEssential(purpose))
                {
                    decision.Reason.ShouldBe(DecisionReason.Essential, because);
                    decision.Matched.ShouldBeNull(because);
                }
                else if (Model.Denies(s, purpose))
                {
                    decision.Reason.ShouldBe(DecisionReason.OptedOut, because);
                    decision.Matched.ShouldNotBeNull(because);
                    Model.Of(s).ShouldContain(decision.Matched.Name, because);
                    NaivePurposes.Related(decision.Matched.Name, purpose).ShouldBeTrue(because);
                }
                else
                {
                    decision.Reason.ShouldBe(DecisionReason.Allowed, because);
                    decision.Matched.ShouldBeNull(because);
                }
            }

            State.Check(subject, "Not_A_Purpose").Reason.ShouldBe(DecisionReason.UnknownPurpose);
            State.Check(subject, spec.Nodes[0] + ".x_absent_9999").Reason.ShouldBe(DecisionReason.UnknownPurpose);
        }
    }
}
