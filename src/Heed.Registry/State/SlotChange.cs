using Heed.Core.Purposes;

namespace Heed.Registry.State;

/// <summary>A replica table slot's new mask (all its words) after the entry at <paramref name="Lsn"/>.</summary>
public readonly record struct SlotChange(ulong Key, PurposeBits Mask, long Lsn);
