using System.Collections.Concurrent;

namespace Heed.Core.Replicas;

/// <summary>
/// The words above word 0 of the slots whose bit 63 is set (<see cref="Purposes.PurposeBits"/>), keyed
/// like the table. Few subjects have any, so a dictionary is enough: reads are lock-free, and the one
/// writer replaces a key's words whole, never writing an array a reader may hold. The table writes a
/// key's words before the slot's bit 63 and removes them after clearing it, so a reader that sees the bit
/// finds the words (or, if a clear overtook it, none: the newer state).
/// </summary>
internal sealed class WideWords
{
    /// <summary>Per key: a dictionary node (about 48 bytes), its bucket (8) and the array's header and length (24).</summary>
    public const int OverheadBytes = 80;

    private readonly ConcurrentDictionary<ulong, ulong[]> _words = new();
    private long _bytes;
    private int _count;

    /// <summary>Keys with words; counted here, since the dictionary's own count takes every lock.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>What the entries hold, by <see cref="OverheadBytes"/> plus 8 bytes a word.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    public ulong[]? Get(ulong key) => _words.TryGetValue(key, out ulong[]? words) ? words : null;

    public void Set(ulong key, ulong[] words)
    {
        long delta = OverheadBytes + (8L * words.Length);
        if (_words.TryGetValue(key, out ulong[]? old))
        {
            delta -= OverheadBytes + (8L * old.Length);
        }
        else
        {
            Volatile.Write(ref _count, _count + 1);
        }

        _words[key] = words;
        Volatile.Write(ref _bytes, _bytes + delta);
    }

    public void Remove(ulong key)
    {
        // Most tables have no wide subject: a clear of one that never had words costs a compare.
        if (_count > 0 && _words.TryRemove(key, out ulong[]? old))
        {
            Volatile.Write(ref _count, _count - 1);
            Volatile.Write(ref _bytes, _bytes - OverheadBytes - (8L * old.Length));
        }
    }
}
