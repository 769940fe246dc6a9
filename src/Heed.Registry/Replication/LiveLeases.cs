namespace Heed.Registry.Replication;

/// <summary>
/// The sessions whose lease is running, kept in two orders so that neither a grant nor an ack scans them:
/// by when the lease ends, and by the LSN below which the session may still answer. Every lease has the
/// same length and grants are taken in time order under the coordinator's lock, so a renewed lease always
/// ends last: the first order is a list whose front ends first, and renewing moves a lease to its back.
/// The second order is a sorted set whose minimum is the frontier: every LSN at or below it has been
/// applied by every session that could still answer. Guarded by the coordinator's lock.
/// </summary>
internal sealed class LiveLeases
{
    private readonly LinkedList<ReplicaLease> _byEnd = new();
    private readonly SortedSet<(long Lsn, long SessionId)> _byLsn = [];

    public int Count => _byEnd.Count;

    /// <summary>The lowest LSN a session with a running lease may have not applied yet; <see cref="long.MaxValue"/> with none.</summary>
    public long Frontier => _byLsn.Count == 0 ? long.MaxValue : _byLsn.Min.Lsn;

    /// <summary>When the first running lease ends; <see cref="long.MaxValue"/> with none.</summary>
    public long NextEnd => _byEnd.First?.Value.ExpiresAt ?? long.MaxValue;

    /// <summary>Takes in a lease just granted or renewed; <see cref="ReplicaLease.ExpiresAt"/> is already set.</summary>
    public void Renewed(ReplicaLease lease)
    {
        if (lease.EndNode is { } node)
        {
            _byEnd.Remove(node);
        }
        else
        {
            node = new LinkedListNode<ReplicaLease>(lease);
            lease.EndNode = node;
            lease.IndexedLsn = long.MinValue;
        }

        // The clock is monotonic, so this loop never steps in practice; it keeps the order true regardless.
        LinkedListNode<ReplicaLease>? after = _byEnd.Last;
        while (after is not null && after.Value.ExpiresAt > lease.ExpiresAt)
        {
            after = after.Previous;
        }

        if (after is null)
        {
            _byEnd.AddFirst(node);
        }
        else
        {
            _byEnd.AddAfter(after, node);
        }

        Moved(lease);
    }

    /// <summary>The session's <see cref="ReplicaLease.EffectiveLsn"/> may have moved.</summary>
    public void Moved(ReplicaLease lease)
    {
        long lsn = lease.EffectiveLsn;
        if (lease.EndNode is null || lsn == lease.IndexedLsn)
        {
            return;
        }

        if (lease.IndexedLsn != long.MinValue)
        {
            _byLsn.Remove((lease.IndexedLsn, lease.SessionId));
        }

        _byLsn.Add((lsn, lease.SessionId));
        lease.IndexedLsn = lsn;
    }

    /// <summary>Takes out every lease that ended at or before <paramref name="now"/>, front first.</summary>
    public void EndThrough(long now, Action<ReplicaLease> ended)
    {
        while (_byEnd.First is { } first && first.Value.ExpiresAt <= now)
        {
            ReplicaLease lease = first.Value;
            _byEnd.RemoveFirst();
            _byLsn.Remove((lease.IndexedLsn, lease.SessionId));
            lease.EndNode = null;
            lease.IndexedLsn = long.MinValue;
            ended(lease);
        }
    }
}
