using System.Threading.Channels;
using Heed.Storage.Ledger;

namespace Heed.Storage.GroupCommit;

/// <summary>One caller's entries waiting in a <see cref="GroupCommitWriter"/>, and what the writer does with a group of them.</summary>
internal sealed class Submission(IReadOnlyList<NewEntry> entries)
{
    public IReadOnlyList<NewEntry> Entries { get; } = entries;

    public TaskCompletionSource<IReadOnlyList<LedgerEntry>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gives each submission of <paramref name="group"/> its own slice of <paramref name="committed"/>, in order.</summary>
    public static void CompleteAll(List<Submission> group, IReadOnlyList<LedgerEntry> committed)
    {
        int offset = 0;
        foreach (Submission submission in group)
        {
            int count = submission.Entries.Count;
            submission.Completion.TrySetResult(Slice(committed, offset, count));
            offset += count;
        }
    }

    public static void FailAll(List<Submission> group, Exception error)
    {
        foreach (Submission s in group)
        {
            s.Completion.TrySetException(error);
        }
    }

    /// <summary>Which submission holds entry <paramref name="entryIndex"/> of the group's append, and where its entries start.</summary>
    public static (int Owner, int Offset) OwnerOf(List<Submission> group, int entryIndex)
    {
        int offset = 0;
        for (int i = 0; i < group.Count; i++)
        {
            int count = group[i].Entries.Count;
            if (entryIndex < offset + count)
            {
                return (i, offset);
            }

            offset += count;
        }

        throw new ArgumentOutOfRangeException(nameof(entryIndex));
    }

    public static List<Submission> Drain(ChannelReader<Submission> reader)
    {
        var rest = new List<Submission>();
        while (reader.TryRead(out Submission? s))
        {
            rest.Add(s);
        }

        return rest;
    }

    private static IReadOnlyList<LedgerEntry> Slice(IReadOnlyList<LedgerEntry> all, int offset, int count)
    {
        if (offset == 0 && count == all.Count)
        {
            return all;
        }

        var slice = new LedgerEntry[count];
        for (int i = 0; i < count; i++)
        {
            slice[i] = all[offset + i];
        }

        return slice;
    }
}
