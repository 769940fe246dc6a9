namespace Heed.Registry.Tests.Replication;

/// <summary>
/// The acknowledgement rule written as the plain scan of docs/replication.md: LSN w is enforced when, for
/// every session with a grant, its lease has ended or <c>max(AckedLsn, FirstRequiredLsn) ≥ w</c>, and never
/// during the first lease after start. The model the coordinator is checked against.
/// </summary>
internal sealed class ScanRule(long startedAt, long leaseTicks)
{
    private readonly Dictionary<int, Session> _sessions = [];

    public void Open(int id, long applied) => _sessions.Add(id, new Session { Acked = applied });

    public void Grant(int id, long applied, long head, long now)
    {
        Session s = _sessions[id];
        s.ExpiresAt = now + leaseTicks;
        s.Acked = Math.Max(s.Acked, applied);
        if (s.FirstRequired < 0)
        {
            s.FirstRequired = head;
        }
    }

    public void Ack(int id, long applied) => _sessions[id].Acked = Math.Max(_sessions[id].Acked, applied);

    public void Close(int id) => _sessions[id].Connected = false;

    public bool IsEnforced(long lsn, long now) =>
        now >= startedAt + leaseTicks
        && _sessions.Values.All(s => s.FirstRequired < 0 || s.ExpiresAt <= now || Math.Max(s.Acked, s.FirstRequired) >= lsn);

    /// <summary>Sessions still counted: connected, or closed with a lease still running.</summary>
    public int Counted(long now) => _sessions.Values.Count(s => s.Connected || s.ExpiresAt > now);

    private sealed class Session
    {
        public long Acked { get; set; }

        public long FirstRequired { get; set; } = -1;

        public long ExpiresAt { get; set; } = long.MinValue;

        public bool Connected { get; set; } = true;
    }
}
