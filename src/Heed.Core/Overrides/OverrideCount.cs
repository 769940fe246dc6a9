namespace Heed.Core.Overrides;

/// <summary>How many decisions an override has turned into an allow on this replica since it started.</summary>
/// <param name="Id">The override's id.</param>
/// <param name="Allowed">Cumulative count.</param>
public readonly record struct OverrideCount(string Id, long Allowed);
