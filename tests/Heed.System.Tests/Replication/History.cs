using System.Collections.Concurrent;
using System.Diagnostics;

namespace Heed.System.Tests.Replication;

/// <summary>One write as the test saw it: when it was sent, and when (and whether) it was acknowledged.</summary>
internal sealed record WriteRecord(string Subject, bool OptOut, long StartedAt, long? AnsweredAt, long Lsn, bool Enforced);

/// <summary>One check as the test saw it. Times are this process's monotonic timestamps.</summary>
internal sealed record CheckRecord(string Replica, string Subject, long StartedAt, long EndedAt, string Reason);

/// <summary>What writers and checkers record while faults happen.</summary>
internal sealed class History
{
    public ConcurrentQueue<WriteRecord> Writes { get; } = new();

    public ConcurrentQueue<CheckRecord> Checks { get; } = new();

    private int _acknowledged;

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
}
