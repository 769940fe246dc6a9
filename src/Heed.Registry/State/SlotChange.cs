namespace Heed.Registry.State;

/// <summary>A replica table slot's new mask after the entry at <paramref name="Lsn"/>.</summary>
public readonly record struct SlotChange(ulong Key, ulong Mask, long Lsn);
