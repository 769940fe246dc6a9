using Heed.Core.Purposes;

namespace Heed.Relay.Enforcement;

/// <summary>A verdict with its reason (a check reason such as <c>opted_out</c>, or an extraction problem).</summary>
/// <param name="Verdict">What to do.</param>
/// <param name="Reason">Why, in wire form; becomes the metric tag and the quarantine header.</param>
/// <param name="Lsn">The replica's LSN when it decided (0 when no check ran).</param>
/// <param name="Matched">For a denial, the purpose node whose opt-out denied.</param>
/// <param name="OverrideId">For a message forwarded only because an override allowed it: that override.</param>
public readonly record struct RelayDecision(RelayVerdict Verdict, string Reason, long Lsn = 0, Purpose? Matched = null, string? OverrideId = null);
