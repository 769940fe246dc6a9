namespace Heed.System.Tests.Replication;

/// <summary>
/// Judges a history against G1: a check that started after an opt-out of its subject was acknowledged
/// must not answer allowed — unless a clear of that subject, later in the ledger, may have reached the
/// replica before the check ended. And symmetrically for clears and <c>opted_out</c>.
/// A write with an unknown outcome (the registry died under it) can be later in the ledger only than
/// writes acknowledged by the same registry process: a process that has died commits nothing more, so it
/// never excuses an answer that contradicts a write a later process acknowledged.
/// </summary>
internal static class HistoryChecker
{
    public static IReadOnlyList<string> FindViolations(IEnumerable<WriteRecord> writes, IEnumerable<CheckRecord> checks)
    {
        var bySubject = writes.GroupBy(w => w.Subject).ToDictionary(g => g.Key, g => g.ToList());
        var violations = new List<string>();
        foreach (CheckRecord check in checks)
        {
            if (check.Reason is not ("allowed" or "opted_out") || !bySubject.TryGetValue(check.Subject, out List<WriteRecord>? subjectWrites))
            {
                continue;
            }

            // The newest acknowledged write of this subject before the check started.
            WriteRecord? last = subjectWrites
                .Where(w => w.Enforced && w.AnsweredAt < check.StartedAt)
                .MaxBy(w => w.Lsn);
            if (last is null)
            {
                continue;
            }

            bool answeredOptedOut = check.Reason == "opted_out";
            if (answeredOptedOut == last.OptOut)
            {
                continue;
            }

            // A contrary write after `last` in the ledger excuses the answer if it was sent before the
            // check ended. A write with no answer has an unknown LSN: it may follow `last` only if the
            // process it was sent to is the one that acknowledged `last` (or a later one).
            bool excused = subjectWrites.Any(w =>
                w.OptOut == answeredOptedOut
                && w.StartedAt < check.EndedAt
                && (w.AnsweredAt is null ? w.Incarnation >= last.Incarnation : w.Lsn > last.Lsn));
            if (!excused)
            {
                violations.Add($"{check.Replica} answered {check.Reason} for {check.Subject} in a check started after LSN {last.Lsn} ({(last.OptOut ? "opt-out" : "clear")}) was acknowledged");
            }
        }

        return violations;
    }
}
