using System.Collections.Concurrent;
using System.Diagnostics;

namespace Heed.System.Tests.Replication;

/// <summary>
/// One write as the test saw it: when it was sent, and when (and whether) it was acknowledged. A write
/// with no answer (<paramref name="AnsweredAt"/> null) has an unknown outcome: the registry process it
/// was sent to, <paramref name="Incarnation"/>, died with it and may or may not have committed it.
/// </summary>
internal sealed record WriteRecord(string Subject, bool OptOut, long StartedAt, long? AnsweredAt, long Lsn, bool Enforced, int Incarnation = 1);

/// <summary>One check as the test saw it. Times are this process's monotonic timestamps.</summary>
internal sealed record CheckRecord(string Replica, string Subject, long StartedAt, long EndedAt, string Reason);

/// <summary>What writers and checkers record while faults happen.</summary>
internal sealed class History
{
    public ConcurrentQueue<WriteRecord> Writes { get; } = new();

    public ConcurrentQueue<CheckRecord> Checks { get; } = new();

    private int _acknowledged;

    /// <summary>Writes a live registry answered with a non-2xx status, or checks a live replica answered
    /// that way: each is a failure of the run, never an unknown outcome that excuses anything.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    public int Acknowledged => Volatile.Read(ref _acknowledged);

    public static long Now => Stopwatch.GetTimestamp();

    public void Add(WriteRecord write)
    {
        Writes.Enqueue(write);
        if (write.Enforced)
        {
            Interlocked.Increment(ref _acknowledged);
        }
    }

    public void Add(CheckRecord check) => Checks.Enqueue(check);

    public void Refuse(string what) => Refused.Enqueue(what);

    /// <summary>The registry's enforcedAt − receivedAt of each enforced write.</summary>
    public ConcurrentQueue<TimeSpan> EnforcementDelays { get; } = new();

    public void AddEnforcementDelay(TimeSpan delay) => EnforcementDelays.Enqueue(delay);
}
