using Google.Protobuf.Collections;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Protocol.V1;

namespace Heed.Protocol;

/// <summary>
/// Slots on the wire (<see cref="SnapshotChunk"/>, <see cref="ChangeBatch"/>): <c>keys[i]</c> and
/// <c>masks[i]</c> carry word 0, and each slot whose bit 63 is set has its higher words in the next
/// <see cref="WideMask"/>, in slot order, so a key that changes twice in one batch pairs up right.
/// </summary>
public static class SlotMasks
{
    /// <summary>Appends one slot.</summary>
    public static void Append(RepeatedField<ulong> keys, RepeatedField<ulong> masks, RepeatedField<WideMask> wide, ulong key, PurposeBits mask)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(masks);
        ArgumentNullException.ThrowIfNull(wide);
        keys.Add(key);
        masks.Add(mask.Word0);
        if (mask.IsWide)
        {
            var words = new WideMask { Key = key };
            words.Words.AddRange(mask.High.ToArray());
            wide.Add(words);
        }
    }

    /// <summary>
    /// Appends slots as a scan of <paramref name="table"/> read them (<see cref="ReplicaTable.Scanner"/>), with
    /// the higher words of those with bit 63 set. A slot whose words were removed after the scan read it is
    /// shipped without the bit: the newer state, which the changes after the snapshot's LSN confirm.
    /// </summary>
    public static void AppendScanned(SnapshotChunk chunk, ReadOnlySpan<ulong> keys, ReadOnlySpan<ulong> masks, ReplicaTable table)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentNullException.ThrowIfNull(table);
        for (int i = 0; i < keys.Length; i++)
        {
            ulong mask = masks[i];
            ReadOnlySpan<ulong> high = (mask & PurposeBits.WideFlag) == 0 ? default : table.High(keys[i]);
            chunk.Keys.Add(keys[i]);
            chunk.Masks.Add(high.IsEmpty ? mask & ~PurposeBits.WideFlag : mask);
            if (!high.IsEmpty)
            {
                var wide = new WideMask { Key = keys[i] };
                wide.Words.AddRange(high.ToArray());
                chunk.WideMasks.Add(wide);
            }
        }
    }

    /// <summary>The whole mask of the slot <paramref name="key"/> whose word 0 is <paramref name="mask"/>; <paramref name="nextWide"/> is the cursor into
    /// <paramref name="wide"/>, advanced past the words this slot takes.</summary>
    /// <exception cref="InvalidDataException">Bit 63 is set but the next wide mask is missing, names
    /// another key, or holds no bit.</exception>
    public static PurposeBits Read(ulong key, ulong mask, RepeatedField<WideMask> wide, ref int nextWide)
    {
        ArgumentNullException.ThrowIfNull(wide);
        if ((mask & PurposeBits.WideFlag) == 0)
        {
            return PurposeBits.FromWords(mask, default);
        }

        if (nextWide >= wide.Count || wide[nextWide].Key != key)
        {
            throw new InvalidDataException($"slot {key:x16} has bit 63 set but no wide mask follows for it");
        }

        PurposeBits bits = PurposeBits.FromWords(mask, wide[nextWide++].Words.ToArray());
        return bits.IsWide ? bits : throw new InvalidDataException($"the wide mask of slot {key:x16} holds no bit");
    }

    /// <summary>Checks that every wide mask was paired with a slot.</summary>
    /// <exception cref="InvalidDataException">Some were left over.</exception>
    public static void EnsureAllRead(RepeatedField<WideMask> wide, int nextWide)
    {
        ArgumentNullException.ThrowIfNull(wide);
        if (nextWide != wide.Count)
        {
            throw new InvalidDataException($"{wide.Count - nextWide} wide masks name no slot with bit 63 set");
        }
    }
}
