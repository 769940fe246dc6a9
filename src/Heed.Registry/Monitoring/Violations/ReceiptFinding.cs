using Heed.Storage.Ledger;

namespace Heed.Registry.Monitoring.Violations;

/// <summary>One violation a receipt shows, before it is recorded.</summary>
/// <param name="Kind">One of <see cref="ViolationKinds"/>.</param>
/// <param name="Summary">One line for a person.</param>
/// <param name="OptOut">For <see cref="ViolationKinds.StaleDecision"/>: the opt-out the decision missed, and when it was enforced.</param>
public sealed record ReceiptFinding(string Kind, string Summary, (LedgerEntry Entry, DateTimeOffset EnforcedAt)? OptOut = null);
