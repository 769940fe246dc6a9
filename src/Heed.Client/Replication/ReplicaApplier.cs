using Google.Protobuf.Collections;
using Heed.Client.Enforcement;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Protocol;
using Heed.Protocol.V1;
using Microsoft.Extensions.Logging;

namespace Heed.Client.Replication;

/// <summary>
/// Applies what the registry sends on one stream to the replica (docs/replication.md). The session's read
/// loop is its only caller, which makes it the table's single writer. A snapshot loads into a new
/// table that replaces the old copy only once complete, so checks never see half a snapshot. The copy
/// remembers which history it follows (<see cref="LedgerPosition"/>) for the next Hello. Overrides that
/// and the taxonomy that come with a welcome, snapshot or batch are in effect before the caller acks its LSN, so a
/// revocation or a purpose's addition the registry sees acknowledged is in force here. The schema registry likewise: the welcome's set
/// replaces the replica's catalog, and a batch's set (sent only when its commits changed schemas) replaces it
/// before its LSN is acked, so a retirement the registry sees acknowledged is accepted nowhere.
/// </summary>
internal sealed class ReplicaApplier(HeedEnforcer enforcer, LeaseRequestLog requests, SessionSettings settings, ILogger logger)
{
    private const long MaxSnapshotSubjects = 1_000_000_000;
    private List<SnapshotChunk>? _loading;
    private long _loadedCount;
    private PendingGrant? _pendingGrant;
    private string _ledgerId = string.Empty;

    /// <summary>The monotonic time of the last grant applied, for the session's watchdog.</summary>
    public long LastGrantAt { get; private set; } = enforcer.Time.GetTimestamp();

    /// <summary>How many grants were applied; a session that got none did not really succeed.</summary>
    public int Grants { get; private set; }

    /// <summary>Checks the welcome; throws when this replica cannot use this registry.</summary>
    public void OnWelcome(Welcome welcome)
    {
        PurposeTaxonomy taxonomy = TaxonomyMessages.ToCore(welcome.Taxonomy);
        if (welcome.LeaseMs <= 0 || welcome.HeartbeatMs <= 0)
        {
            throw new HeedConnectionException($"the registry's welcome has no usable lease ({welcome.LeaseMs} ms) or heartbeat ({welcome.HeartbeatMs} ms)");
        }

        long applied = enforcer.AppliedLsn;
        if (!welcome.SnapshotFollows && welcome.HeadLsn < applied)
        {
            ReplicationLog.HistoryChanged(logger, applied, welcome.HeadLsn);
            enforcer.Reset();
            throw new HeedConnectionException($"the registry's head {welcome.HeadLsn} is behind this replica's applied LSN {applied}; starting over");
        }

        // A registry that knows ledger identity sends a snapshot for another ledger; one that does not
        // (or a wrong one) must not extend this copy with changes from a ledger it did not come from.
        string followed = enforcer.Position.LedgerId;
        if (!welcome.SnapshotFollows && applied > 0 && followed.Length > 0 && welcome.LedgerId != followed)
        {
            ReplicationLog.OtherLedger(logger, followed, welcome.LedgerId);
            enforcer.Reset();
            throw new HeedConnectionException($"the registry's ledger {welcome.LedgerId} is not the one this replica followed ({followed}); starting over");
        }

        _ledgerId = welcome.LedgerId;
        enforcer.Replica.Schemas = SchemaSets.ToCatalog(welcome.Schemas);

        // The registry's taxonomy as of its head; it only grows, so it also answers for what is applied so far.
        enforcer.Replica.Taxonomy = taxonomy;

        LastGrantAt = enforcer.Time.GetTimestamp();
    }

    public void OnSnapshot(SnapshotChunk chunk)
    {
        if (chunk.Keys.Count != chunk.Masks.Count)
        {
            throw Protocol($"a snapshot chunk has {chunk.Keys.Count} keys but {chunk.Masks.Count} masks");
        }

        if (_loading is null)
        {
            if (chunk.Total is < 0 or > MaxSnapshotSubjects)
            {
                throw Protocol($"a snapshot of {chunk.Total} subjects is out of range");
            }

            // Grants that arrive while loading wait for the snapshot: the old copy must not become
            // fresh against the new history, and the new one is not complete yet.
            _loading = [];
            _loadedCount = 0;
        }

        if (chunk.Keys.Contains(0UL))
        {
            throw Protocol("a snapshot chunk holds key 0");
        }

        // Chunks are kept as they arrived and the table is built once, at the last one, for exactly
        // what arrived: the claimed total is a hint, never a reservation, so a wrong or hostile total
        // costs nothing. Building once also keeps the load linear: the registry ships slots in table
        // order, which is key order, and a table sized for part of the snapshot would crowd that part's
        // keys into the low end of its slots, where linear probing turns quadratic.
        _loading.Add(chunk);
        _loadedCount += chunk.Keys.Count;

        // Grants queue behind a snapshot on the registry's side: a large snapshot takes longer than the
        // silence watchdog allows, and each chunk is proof the registry is alive. Without this the
        // replica dropped the stream mid-snapshot and started over, forever.
        LastGrantAt = enforcer.Time.GetTimestamp();
        if (chunk.Last)
        {
            ReplicaTable table = Build(_loading, _loadedCount);
            _loading = null;
            enforcer.Install(table, chunk.Lsn, new LedgerPosition(_ledgerId, chunk.ChainHash));
            ReplaceOverrides(chunk.Overrides);
            ReplicationLog.SnapshotLoaded(logger, _loadedCount, chunk.Lsn);
            if (_pendingGrant is { } grant)
            {
                _pendingGrant = null;
                Grant(grant.SentAt, grant.LeaseMs, grant.RequiredLsn, grant.OverrideTimes);
            }
        }
    }

    private static ReplicaTable Build(List<SnapshotChunk> chunks, long count)
    {
        var table = new ReplicaTable((int)Math.Min(count, int.MaxValue));
        foreach (SnapshotChunk chunk in chunks)
        {
            int wide = 0;
            for (int i = 0; i < chunk.Keys.Count; i++)
            {
                table.Set(chunk.Keys[i], ReadMask(chunk.Keys[i], chunk.Masks[i], chunk.WideMasks, ref wide));
            }

            EnsureAllRead(chunk.WideMasks, wide);
        }

        return table;
    }

    private static PurposeBits ReadMask(ulong key, ulong mask, RepeatedField<WideMask> wide, ref int next)
    {
        try
        {
            return SlotMasks.Read(key, mask, wide, ref next);
        }
        catch (InvalidDataException ex)
        {
            throw Protocol(ex.Message);
        }
    }

    private static void EnsureAllRead(RepeatedField<WideMask> wide, int next)
    {
        try
        {
            SlotMasks.EnsureAllRead(wide, next);
        }
        catch (InvalidDataException ex)
        {
            throw Protocol(ex.Message);
        }
    }

    /// <summary>Applies a batch of changes; returns the LSN to acknowledge.</summary>
    public long OnChanges(ChangeBatch batch)
    {
        if (_loading is not null)
        {
            throw Protocol("changes arrived before the snapshot's last chunk");
        }

        if (batch.Keys.Count != batch.Masks.Count || batch.LastLsn < batch.PrevLsn)
        {
            throw Protocol($"a change batch ({batch.PrevLsn}, {batch.LastLsn}] with {batch.Keys.Count} keys and {batch.Masks.Count} masks is malformed");
        }

        ReplicaState state = enforcer.Replica;
        if (batch.PrevLsn != state.AppliedLsn)
        {
            // Applying would skip the commits in between: some opt-out could be missing. Reconnecting
            // resumes from what is applied, and the lease lapses meanwhile (fail closed).
            throw new HeedConnectionException($"missed changes: a batch follows LSN {batch.PrevLsn} but this replica has applied {state.AppliedLsn}");
        }

        if (batch.Taxonomy is { } taxonomy)
        {
            // Before the LSN is acked: once the registry acknowledges a purpose's addition, this replica knows it.
            state.Taxonomy = TaxonomyMessages.ToCore(taxonomy);
        }

        ReplicaTable table = state.Table;
        int wide = 0;
        for (int i = 0; i < batch.Keys.Count; i++)
        {
            ulong key = batch.Keys[i];
            if (key == 0)
            {
                throw Protocol("a change batch holds key 0");
            }

            table.Set(key, ReadMask(key, batch.Masks[i], batch.WideMasks, ref wide));
        }

        EnsureAllRead(batch.WideMasks, wide);

        if (batch.Overrides is { } overrides)
        {
            ReplaceOverrides(overrides);
        }

        if (batch.Schemas is { } schemas)
        {
            state.Schemas = SchemaSets.ToCatalog(schemas);
        }

        enforcer.MarkApplied(batch.LastLsn, new LedgerPosition(_ledgerId, batch.ChainHash));
        return batch.LastLsn;
    }

    public void OnGrant(LeaseGrant grant)
    {
        if (!requests.TryGetSentAt(grant.Seq, out long sentAt))
        {
            ReplicationLog.UnknownGrant(logger, grant.Seq);
            return;
        }

        if (grant.LeaseMs <= 0)
        {
            throw Protocol($"a lease grant of {grant.LeaseMs} ms");
        }

        IReadOnlyDictionary<string, TimeSpan> times = OverrideMessages.Times(grant);
        if (_loading is not null)
        {
            _pendingGrant = new PendingGrant(sentAt, grant.LeaseMs, grant.RequiredLsn, times);
            return;
        }

        Grant(sentAt, grant.LeaseMs, grant.RequiredLsn, times);
    }

    private void ReplaceOverrides(OverrideSet? set)
    {
        ReplicaState state = enforcer.Replica;
        state.Overrides.Replace(OverrideMessages.ToCore(set), settings.Service, settings.ReplicaId, state.Taxonomy);
    }

    private void Grant(long sentAt, long leaseMs, long requiredLsn, IReadOnlyDictionary<string, TimeSpan> overrideTimes)
    {
        // Overrides first: one that this grant no longer names must not outlive the lease it renews.
        ReplicaState state = enforcer.Replica;
        state.Overrides.Honor(state.Lease, sentAt, overrideTimes);
        state.Lease.Grant(sentAt, TimeSpan.FromMilliseconds(leaseMs), requiredLsn);
        LastGrantAt = enforcer.Time.GetTimestamp();
        Grants++;
        enforcer.Signal();
    }

    private static HeedConnectionException Protocol(string what) => new("protocol error from the registry: " + what);

    private readonly record struct PendingGrant(long SentAt, long LeaseMs, long RequiredLsn, IReadOnlyDictionary<string, TimeSpan> OverrideTimes);
}
