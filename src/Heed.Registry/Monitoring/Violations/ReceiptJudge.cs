using System.Globalization;
using Heed.Core.Purposes;
using Heed.Registry.Hosting;
using Heed.Registry.Overrides;
using Heed.Storage.Ledger;
using Heed.Storage.Monitoring;

namespace Heed.Registry.Monitoring.Violations;

/// <summary>
/// The rules of receipt detection (docs/monitoring.md, violations): what one receipt shows, given the subject's
/// opt-out history, when each write was enforced, and the overrides. No I/O of its own.
/// </summary>
public sealed class ReceiptJudge(MonitoringOptions options, PurposeTaxonomy taxonomy, Func<long, DateTimeOffset?> enforcedAt, IReadOnlyList<OverrideRecord> overrides)
{
    /// <summary>Every violation <paramref name="receipt"/> shows; <paramref name="history"/> is the subject's opt-out
    /// entries, oldest first.</summary>
    public IReadOnlyList<ReceiptFinding> Judge(StoredReceipt receipt, IReadOnlyList<LedgerEntry> history)
    {
        var findings = new List<ReceiptFinding>();
        string processed = $"{receipt.Service} processed {receipt.Subject} for {receipt.Purpose} at {Time(receipt.ProcessedAt)}";
        if (receipt.Subject.StartsWith(options.CanaryPrefix, StringComparison.Ordinal))
        {
            findings.Add(new ReceiptFinding(ViolationKinds.Canary, $"{processed}: a canary subject, opted out of everything, must never be processed"));
        }

        if (receipt.DecisionId is null && receipt.Lsn is null)
        {
            findings.Add(new ReceiptFinding(ViolationKinds.NoDecision, $"{processed} without a decision"));
            return findings;
        }

        DateTimeOffset? decidedAt = DecisionTime.Of(receipt.DecisionId);
        if (decidedAt is { } decided && receipt.ProcessedAt - decided > options.MaxDecisionAge)
        {
            findings.Add(new ReceiptFinding(ViolationKinds.TooOld, $"{processed} with decision {receipt.DecisionId} made at {Time(decided)}, older than the maximum decision age {options.MaxDecisionAge}"));
        }

        if (Stale(receipt, decidedAt, history) is { } optOut)
        {
            string decision = receipt.Lsn is { } lsn ? $"decision {receipt.DecisionId ?? "(no id)"} at LSN {lsn.ToString(CultureInfo.InvariantCulture)}" : $"decision {receipt.DecisionId} made at {Time(decidedAt!.Value)}";
            findings.Add(new ReceiptFinding(
                ViolationKinds.StaleDecision,
                $"{processed} with {decision}, after the opt-out of {optOut.Entry.Purpose} at LSN {optOut.Entry.Lsn.ToString(CultureInfo.InvariantCulture)} was enforced at {Time(optOut.EnforcedAt)}",
                optOut));
        }

        return findings;
    }

    /// <summary>The entries of <paramref name="history"/> that bear on the receipt's purpose: opt-outs and clears of
    /// it or of a purpose above it.</summary>
    public IReadOnlyList<LedgerEntry> Involved(StoredReceipt receipt, IReadOnlyList<LedgerEntry> history) =>
        [.. history.Where(e => Covers(e.Purpose, receipt.Purpose))];

    // The first opt-out set after the decision (by LSN, or by time when the receipt has no LSN), enforced by the time
    // of processing, not cleared again before it, and not let through by an override active then.
    private (LedgerEntry Entry, DateTimeOffset EnforcedAt)? Stale(StoredReceipt receipt, DateTimeOffset? decidedAt, IReadOnlyList<LedgerEntry> history)
    {
        foreach (LedgerEntry set in history)
        {
            if (set.Kind != EntryKinds.OptOutSet || !Covers(set.Purpose, receipt.Purpose))
            {
                continue;
            }

            bool afterDecision = receipt.Lsn is { } lsn ? set.Lsn > lsn : decidedAt is { } decided && set.At > decided;
            if (!afterDecision || enforcedAt(set.Lsn) is not { } enforced || enforced > receipt.ProcessedAt)
            {
                continue;
            }

            bool cleared = history.Any(c => c.Kind == EntryKinds.OptOutClear && c.Lsn > set.Lsn && c.At <= receipt.ProcessedAt && Covers(c.Purpose, set.Purpose!));
            if (!cleared && !Overridden(receipt))
            {
                return (set, enforced);
            }
        }

        return null;
    }

    // An approved override, not report-only, active at the time of processing, whose scope covers the receipt: the
    // processing may have relied on it (a receipt does not say), so it is not a violation (docs/monitoring.md).
    private bool Overridden(StoredReceipt receipt) => overrides.Any(o =>
        !o.Scope.ReportOnly
        && o.ApprovedAt is { } approved && approved <= receipt.ProcessedAt
        && o.EndsAt is { } ends && receipt.ProcessedAt < ends
        && (o.RevokedAt is not { } revoked || receipt.ProcessedAt < revoked)
        && (o.Scope.Service is null || o.Scope.Service == receipt.Service)
        && (o.Scope.EnforcementPoint is null || o.Scope.EnforcementPoint == receipt.EnforcementPoint)
        && (o.Scope.Subjects.Count == 0 || o.Scope.Subjects.Contains(receipt.Subject, StringComparer.Ordinal))
        && o.Scope.Purposes.Any(p => Covers(p, receipt.Purpose)));

    // Whether an opt-out of (or a clear of) outer reaches purpose: outer is purpose or one above it.
    private bool Covers(string? outer, string purpose)
    {
        if (outer is null)
        {
            return false;
        }

        if (!taxonomy.TryGet(purpose, out Purpose node))
        {
            return outer == purpose || outer == PurposeNames.All;
        }

        for (Purpose? p = node; p is not null; p = p.Parent)
        {
            if (p.Name == outer)
            {
                return true;
            }
        }

        return false;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
