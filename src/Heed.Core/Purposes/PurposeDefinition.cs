namespace Heed.Core.Purposes;

/// <summary>One node of a taxonomy as it travels: its name, bit (-1 for essential nodes), and whether and
/// to what it is deprecated. // stub until taxcore merges</summary>
public sealed record PurposeDefinition(string Name, int Bit, bool Deprecated, string? Successor);
