using Heed.Core.Purposes;
using Heed.Core.Subjects;
using Heed.Protocol;
using Heed.Protocol.V1;

namespace Heed.Client.Tests.Infrastructure;

/// <summary>Registry messages as the real registry builds them.</summary>
public static class Messages
{
    public static PurposeTaxonomy Taxonomy { get; } = DefaultTaxonomy.Create();

    public static ulong Key(string canonicalSubject) => SubjectHash.Of(canonicalSubject);

    /// <summary>
    /// A slot's mask as the registry sends it: the explicit bit of each opted-out purpose, never the
    /// subtree below it (the replica's check mask covers ancestors and descendants).
    /// </summary>
    public static ulong Mask(params string[] purposes)
    {
        ulong mask = 0;
        foreach (string name in purposes)
        {
            Taxonomy.TryGet(name, out Purpose purpose).ShouldBeTrue(name);
            purpose.Bit.ShouldBeGreaterThanOrEqualTo(0, $"{name} cannot be opted out of");
            mask |= 1UL << purpose.Bit;
        }

        return mask;
    }

    /// <summary>A taxonomy as the registry sends it: every node in definition order.</summary>
    public static Taxonomy TaxonomyOf(PurposeTaxonomy taxonomy)
    {
        var message = new Taxonomy();
        foreach (PurposeDefinition node in taxonomy.Definitions)
        {
            message.Purposes.Add(new PurposeNode { Name = node.Name, Bit = node.Bit, Deprecated = node.Deprecated, Successor = node.Successor ?? string.Empty });
        }

        return message;
    }

    public static RegistryMessage Welcome(long head, bool snapshot = false, long leaseMs = 1000, long heartbeatMs = 60_000, Taxonomy? taxonomy = null)
    {
        var welcome = new Welcome
        {
            RegistryId = "fake",
            ProtocolVersion = ProtocolVersions.Current,
            HeadLsn = head,
            SnapshotFollows = snapshot,
            LeaseMs = leaseMs,
            HeartbeatMs = heartbeatMs,
            Taxonomy = taxonomy ?? TaxonomyOf(Taxonomy),
        };
        return new RegistryMessage { Welcome = welcome };
    }

    public static RegistryMessage Snapshot(long lsn, long total, bool last, params (string Subject, ulong Mask)[] slots)
    {
        var chunk = new SnapshotChunk { Lsn = lsn, Total = total, Last = last };
        foreach ((string subject, ulong mask) in slots)
        {
            chunk.Keys.Add(Key(subject));
            chunk.Masks.Add(mask);
        }

        return new RegistryMessage { Snapshot = chunk };
    }

    public static RegistryMessage Changes(long prev, long last, params (string Subject, ulong Mask)[] slots)
    {
        var batch = new ChangeBatch { PrevLsn = prev, LastLsn = last };
        foreach ((string subject, ulong mask) in slots)
        {
            batch.Keys.Add(Key(subject));
            batch.Masks.Add(mask);
        }

        return new RegistryMessage { Changes = batch };
    }

    public static RegistryMessage Grant(ulong seq, long leaseMs = 1000, long requiredLsn = 0) =>
        new() { LeaseGrant = new LeaseGrant { Seq = seq, LeaseMs = leaseMs, RequiredLsn = requiredLsn } };

    /// <summary>An override of <paramref name="purposes"/> for a service's replicas, for every subject or the given ones.</summary>
    public static Override Override(string id, string service, string[] purposes, params string[] subjects)
    {
        var o = new Override { Id = id, Service = service };
        o.Purposes.AddRange(purposes);
        o.SubjectKeys.AddRange(subjects.Select(Key));
        return o;
    }

    public static OverrideSet Overrides(params Override[] overrides)
    {
        var set = new OverrideSet();
        set.Overrides.AddRange(overrides);
        return set;
    }

    /// <summary>A grant that also times overrides: each id with its time left when the registry got the request.</summary>
    public static RegistryMessage Grant(ulong seq, long leaseMs, long requiredLsn, params (string Id, long RemainingMs)[] overrideTimes)
    {
        RegistryMessage message = Grant(seq, leaseMs, requiredLsn);
        message.LeaseGrant.OverrideTimes.AddRange(overrideTimes.Select(t => new OverrideTime { Id = t.Id, RemainingMs = t.RemainingMs }));
        return message;
    }
}
