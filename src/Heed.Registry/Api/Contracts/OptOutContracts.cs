namespace Heed.Registry.Api.Contracts;

/// <summary>Optional body of <c>PUT /v1/subjects/{subject}/optouts/{purpose}</c>.</summary>
public sealed record OptOutWriteBody(string? Source, string? Jurisdiction, string? Evidence);

/// <summary>The answer to a single write; <paramref name="Changed"/> is false when the subject's opt-outs were already
/// what the write asked for (docs/api.md, "Writes that change nothing").</summary>
public sealed record WriteResponse(string Subject, string Purpose, string State, long Lsn, DateTimeOffset ReceivedAt, bool Enforced, DateTimeOffset? EnforcedAt, bool Changed = true);

public sealed record BatchWriteRequest(List<BatchWriteItem?>? Items);

public sealed record BatchWriteItem(string? Subject, string? Purpose, string? Action, string? Source);

/// <summary>The answer to a batch write: <paramref name="Count"/> items written, of which <paramref name="Changed"/>
/// changed a subject's opt-outs and <paramref name="Unchanged"/> asked for what already held.</summary>
public sealed record BatchWriteResponse(long Lsn, int Count, bool Enforced, DateTimeOffset? EnforcedAt, int Changed = 0, int Unchanged = 0);

public sealed record OptOutView(string Purpose, DateTimeOffset Since, long Lsn, string? Source);

public sealed record HistoryView(long Lsn, string Action, string Purpose, DateTimeOffset At, string? Source, string? Jurisdiction, string? Evidence);

/// <summary>A subject's current opt-outs and one page of its history, oldest first; <paramref name="Next"/> is
/// the <c>after</c> cursor of the next page, or null on the last one.</summary>
public sealed record SubjectResponse(string Subject, List<OptOutView> OptOuts, List<HistoryView> History, string? Next = null);
