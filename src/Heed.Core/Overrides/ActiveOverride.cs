using Heed.Core.Purposes;

namespace Heed.Core.Overrides;

/// <summary>
/// An override in the form a check reads it: its purposes as bits of the taxonomy (bits never move when
/// purposes are appended), its subjects sorted for a binary search, and the monotonic time until which it
/// is honored, which only the replication reader writes.
/// </summary>
internal sealed class ActiveOverride(string id, PurposeBits purposeBits, ulong[] sortedKeys, OverrideCounter counter)
{
    private long _honoredUntil = long.MinValue;

    public string Id { get; } = id;

    public OverrideCounter Counter { get; } = counter;

    /// <summary>A monotonic timestamp of the lease's clock; <see cref="long.MinValue"/> until a grant times it.</summary>
    public long HonoredUntil
    {
        get => Volatile.Read(ref _honoredUntil);
        set => Volatile.Write(ref _honoredUntil, value);
    }

    /// <summary>Whether the check of <paramref name="purpose"/> for the subject <paramref name="key"/> is in scope:
    /// the purpose is one of the override's nodes or below one, and the subject is listed (or none are).</summary>
    public bool Covers(ulong key, Purpose purpose)
    {
        bool purposeCovered = false;
        for (Purpose? p = purpose; p is not null; p = p.Parent)
        {
            if (purposeBits.Has(p.Bit))
            {
                purposeCovered = true;
                break;
            }
        }

        return purposeCovered && (sortedKeys.Length == 0 || sortedKeys.AsSpan().BinarySearch(key) >= 0);
    }
}
