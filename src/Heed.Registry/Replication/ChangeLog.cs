using Google.Protobuf;
using Heed.Protocol;
using Heed.Protocol.V1;
using Heed.Registry.Purposes;
using Heed.Registry.State;
using Heed.Storage.Ledger;

namespace Heed.Registry.Replication;

/// <summary>
/// Turns each applied commit into one <see cref="ChangeBatch"/>, keeps a bounded tail of them so a
/// replica that reconnects can resume from its applied LSN, and fans batches out to live sessions.
/// Publishing runs on the ledger writer and never blocks: a session that falls too far behind is cut
/// off (it loses its lease and resumes or takes a snapshot).
/// </summary>
public sealed class ChangeLog
{
    private readonly Lock _lock = new();
    private readonly LinkedList<ChangeBatch> _tail = new();
    private readonly List<IChangeSink> _sinks = [];
    private readonly int _retainedSlots;
    private readonly RegistryState _state;
    private readonly TimeProvider _time;
    private int _tailSlots;
    private long _published;
    private ByteString _publishedHash;
    private OverrideSet _publishedOverrides;
    private SchemaSet _publishedSchemas;

    public ChangeLog(RegistryState state, int retainedSlots = 1_000_000, TimeProvider? time = null)
    {
        _retainedSlots = retainedSlots;
        _state = state;
        _time = time ?? TimeProvider.System;
        _published = state.Head;
        _publishedHash = ByteString.CopyFrom(state.ChainHash);
        _publishedOverrides = OverrideMessages.Set(state.Overrides, _time.GetUtcNow());
        _publishedSchemas = SchemaSets.ToMessage(state.Schemas.Catalog);
        state.Applied += Publish;
    }

    /// <summary>
    /// Registers <paramref name="sink"/> for every batch after the point it resumes from, atomically with
    /// deciding how it catches up: nothing, a backlog from the tail, or a snapshot at the returned LSN.
    /// A replica that does not follow this ledger's history (<paramref name="sameHistory"/> false) always
    /// takes a snapshot, even of an empty ledger: its LSNs name entries that do not exist here.
    /// Every answer carries the schema set as of that same LSN, for the welcome.
    /// </summary>
    public CatchUp Subscribe(long appliedLsn, bool sameHistory, IChangeSink sink)
    {
        lock (_lock)
        {
            // The published LSN, not the state's head: a commit applied but not yet published will
            // reach this sink next, and must follow on exactly from what the replica is told here.
            long head = _published;
            ByteString hash = _publishedHash;
            _sinks.Add(sink);
            if (!sameHistory)
            {
                return CatchUp.Snapshot(head, hash, _publishedOverrides) with { Schemas = _publishedSchemas };
            }

            if (appliedLsn == head)
            {
                return CatchUp.None(head, hash) with { Schemas = _publishedSchemas };
            }

            // A new replica (LSN 0) always takes a snapshot: absolute slots are cheaper than replaying
            // every change since the registry started.
            if (appliedLsn > 0 && appliedLsn < head && _tail.First is { } first && first.Value.PrevLsn <= appliedLsn)
            {
                var backlog = new List<ChangeBatch>();
                bool aligned = false;
                foreach (ChangeBatch batch in _tail)
                {
                    if (batch.PrevLsn == appliedLsn)
                    {
                        aligned = true;
                    }

                    if (aligned)
                    {
                        backlog.Add(batch);
                    }
                }

                if (aligned)
                {
                    return CatchUp.FromBacklog(head, hash, backlog) with { Schemas = _publishedSchemas };
                }
            }

            return CatchUp.Snapshot(head, hash, _publishedOverrides) with { Schemas = _publishedSchemas };
        }
    }

    public void Unsubscribe(IChangeSink sink)
    {
        lock (_lock)
        {
            _sinks.Remove(sink);
        }
    }

    private void Publish(AppliedBatch applied)
    {
        var batch = new ChangeBatch
        {
            PrevLsn = applied.Entries[0].Lsn - 1,
            LastLsn = applied.LastLsn,
            ChainHash = ByteString.CopyFrom(applied.Entries[^1].Hash),
        };

        // Published on the writer right after the commit was applied: the book is exactly as of LastLsn.
        if (OverrideMessages.ChangesSet(applied.Entries))
        {
            batch.Overrides = OverrideMessages.Set(_state.Overrides, _time.GetUtcNow());
        }

        // The whole set, only when these commits changed it: a replica replaces its catalog before it acks LastLsn.
        if (applied.Entries.Any(e => e.Kind is EntryKinds.SchemaRegister or EntryKinds.SchemaStatus or EntryKinds.SchemaMinimum))
        {
            batch.Schemas = SchemaSets.ToMessage(_state.Schemas.Catalog);
        }

        // Likewise the taxonomy, whole, and only when these commits changed it.
        if (LedgerTaxonomy.Changes(applied.Entries))
        {
            batch.Taxonomy = TaxonomyMessages.From(_state.Taxonomy);
        }

        foreach (SlotChange change in applied.Changes)
        {
            SlotMasks.Append(batch.Keys, batch.Masks, batch.WideMasks, change.Key, change.Mask);
        }

        lock (_lock)
        {
            _published = batch.LastLsn;
            _publishedHash = batch.ChainHash;
            _publishedOverrides = batch.Overrides ?? _publishedOverrides;
            _publishedSchemas = batch.Schemas ?? _publishedSchemas;
            _tail.AddLast(batch);
            _tailSlots += batch.Keys.Count + 1;
            while (_tailSlots > _retainedSlots && _tail.First is { } oldest)
            {
                _tailSlots -= oldest.Value.Keys.Count + 1;
                _tail.RemoveFirst();
            }

            foreach (IChangeSink sink in _sinks)
            {
                sink.Post(batch);
            }
        }
    }
}
