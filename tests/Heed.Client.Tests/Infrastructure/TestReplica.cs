using Heed.Client.Enforcement;
using Heed.Core.Overrides;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Subjects;

namespace Heed.Client.Tests.Infrastructure;

/// <summary>An enforcer with a hand-filled table, for tests of what sits on top of it.</summary>
public static class TestReplica
{
    internal static HeedEnforcer Create(TimeProvider? time = null, bool leased = true, TimeSpan? tokenWait = null)
    {
        time ??= TimeProvider.System;
        var enforcer = new HeedEnforcer(time, 0.1, tokenWait ?? TimeSpan.FromMilliseconds(50), DefaultTaxonomy.Create());
        if (leased)
        {
            enforcer.Lease.Grant(time.GetTimestamp(), TimeSpan.FromHours(1), 0);
        }

        return enforcer;
    }

    /// <summary>Sets the purpose's explicit bit in the subject's slot, as the registry's messages do.</summary>
    internal static void OptOut(HeedEnforcer enforcer, string canonicalSubject, string purpose)
    {
        enforcer.Replica.Taxonomy.TryGet(purpose, out Purpose node).ShouldBeTrue(purpose);
        node.Bit.ShouldBeGreaterThanOrEqualTo(0, $"{purpose} cannot be opted out of");
        ulong key = SubjectHash.Of(canonicalSubject);
        enforcer.Replica.Table.Set(key, enforcer.Replica.Table.Get(key) | (1UL << node.Bit));
    }

    /// <summary>Installs an override of <paramref name="purposes"/> for every subject, timed for an hour from now.</summary>
    internal static void Override(HeedEnforcer enforcer, string id, params string[] purposes)
    {
        ReplicaState state = enforcer.Replica;
        state.Overrides.Replace([new Override(id, "tests", string.Empty, purposes, [])], "tests", "replica", state.Taxonomy);
        state.Overrides.Honor(state.Lease, enforcer.Time.GetTimestamp(), new Dictionary<string, TimeSpan> { [id] = TimeSpan.FromHours(1) });
    }
}
