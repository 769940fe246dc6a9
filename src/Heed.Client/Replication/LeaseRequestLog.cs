namespace Heed.Client.Replication;

/// <summary>
/// Remembers when each recent lease request was sent (q, docs/replication.md), so a grant is counted from the
/// replica's own send time and never from when it arrived. Keeps the last 64; a grant for an older
/// request is dropped, which only delays freshness.
/// </summary>
internal sealed class LeaseRequestLog
{
    private const int Size = 64;
    private readonly Lock _lock = new();
    private readonly ulong[] _seqs = new ulong[Size];
    private readonly long[] _sentAt = new long[Size];
    private ulong _next;

    /// <summary>Takes the next sequence number and stamps it with <paramref name="sentAt"/>.</summary>
    public ulong Record(long sentAt)
    {
        lock (_lock)
        {
            ulong seq = ++_next;
            int i = (int)(seq % Size);
            _seqs[i] = seq;
            _sentAt[i] = sentAt;
            return seq;
        }
    }

    public bool TryGetSentAt(ulong seq, out long sentAt)
    {
        lock (_lock)
        {
            int i = (int)(seq % Size);
            sentAt = _sentAt[i];
            return seq != 0 && _seqs[i] == seq;
        }
    }
}
