namespace Heed.Gate.Problems;

/// <summary>The body of <c>/.well-known/gpc.json</c> (GPC spec §4.1).</summary>
public sealed record GpcDocument(bool Gpc, string LastUpdate);
