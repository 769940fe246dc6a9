namespace Heed.Storage.Ledger;

/// <summary>An entry to append. The store assigns its LSN and hash.</summary>
/// <param name="Kind">One of <see cref="EntryKinds"/>.</param>
/// <param name="Subject">The canonical subject, for opt-out entries.</param>
/// <param name="Purpose">The purpose, for opt-out entries.</param>
/// <param name="At">When the registry received the request.</param>
/// <param name="Body">Canonical JSON (sorted keys, no whitespace) with the rest: source, evidence, key fields.</param>
public sealed record NewEntry(string Kind, string? Subject, string? Purpose, DateTimeOffset At, string Body);
