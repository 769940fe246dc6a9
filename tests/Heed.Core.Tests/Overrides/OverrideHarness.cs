using Heed.Core.Leases;
using Heed.Core.Overrides;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Subjects;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Core.Tests.Overrides;

/// <summary>A replica of service <c>billing</c> (replica id <c>replica-1</c>) on a fake clock, with the subjects
/// the tests opt out and the overrides they install.</summary>
public sealed class OverrideHarness
{
    public const string Service = "billing";
    public const string ReplicaId = "replica-1";
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(1);

    private readonly SubjectMasks _masks;

    public OverrideHarness()
    {
        Lease = new LeaseClock(Time, driftMargin: 0.1);
        State = new ReplicaState(Taxonomy, Lease);
        _masks = new SubjectMasks(State.Table);
    }

    public FakeTimeProvider Time { get; } = new();

    public PurposeTaxonomy Taxonomy { get; } = DefaultTaxonomy.Create();

    public LeaseClock Lease { get; }

    public ReplicaState State { get; }

    public OverrideTable Overrides => State.Overrides;

    public static ulong Key(string subject) => SubjectHash.Of(subject);

    public static Override ForService(string id, string[] purposes, params string[] subjects) =>
        new(id, Service, string.Empty, purposes, subjects.Select(Key).ToArray());

    public void OptOut(string subject, string purpose)
    {
        Taxonomy.TryGet(purpose, out Purpose node).ShouldBeTrue(purpose);
        _masks.Set(subject, Key(subject), node);
    }

    public void Install(params Override[] set) => Overrides.Replace(set, Service, ReplicaId, Taxonomy);

    /// <summary>A grant for a request sent now: the lease and each override's time left.</summary>
    public void Grant(params (string Id, TimeSpan Remaining)[] times)
    {
        long sentAt = Time.GetTimestamp();
        Overrides.Honor(Lease, sentAt, times.ToDictionary(t => t.Id, t => t.Remaining));
        Lease.Grant(sentAt, TimeSpan.FromHours(1), requiredLsn: 0);
    }
}
