namespace Heed.Gate.Problems;

/// <summary>One event of a batch that the gate did not forward, and why (docs/gate.md).</summary>
/// <param name="Index">Its position in the batch, from 0.</param>
/// <param name="Id">Its CloudEvents <c>id</c>, when it has one.</param>
/// <param name="EventType">Its CloudEvents <c>type</c>.</param>
/// <param name="SchemaVersion">Its <c>schemaversion</c> as given ("" when absent).</param>
/// <param name="Reason">A schema rejection (<c>unknown_type</c>, <c>unknown_version</c>, <c>retired</c>,
/// <c>below_minimum</c>, <c>ambiguous</c>), a check reason (<c>opted_out</c>, <c>invalid_subject</c>,
/// <c>unknown_purpose</c>), or <c>malformed</c> for a member that is not a CloudEvent.</param>
/// <param name="Detail">What is wrong, in words.</param>
public sealed record RefusedEvent(int Index, string? Id, string? EventType, string? SchemaVersion, string Reason, string? Detail);
