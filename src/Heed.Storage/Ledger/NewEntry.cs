namespace Heed.Storage.Ledger;

/// <summary>An entry to append. The store assigns its LSN and hash.</summary>
/// <param name="Kind">One of <see cref="EntryKinds"/>.</param>
/// <param name="Subject">The canonical subject, for opt-out entries.</param>
/// <param name="Purpose">The purpose, for opt-out entries.</param>
/// <param name="At">When the registry received the request.</param>
/// <param name="Body">Canonical JSON (sorted keys, no whitespace) with the rest: source, evidence, key fields.</param>
public sealed record NewEntry(string Kind, string? Subject, string? Purpose, DateTimeOffset At, string Body)
{
    /// <summary>An entry whose body is <paramref name="body"/>'s JSON; the store reads its fields without parsing it.</summary>
    public NewEntry(string kind, string? subject, string? purpose, DateTimeOffset at, CanonicalBody body)
        : this(kind, subject, purpose, at, (body ?? throw new ArgumentNullException(nameof(body))).Json)
    {
        Written = body;
    }

    /// <summary>
    /// What <see cref="Body"/> was written from, when it was; null for a body given as text. A copy made with
    /// another body (<c>with { Body = … }</c>) keeps this, so readers check that it still is this body's.
    /// </summary>
    internal CanonicalBody? Written { get; }

    /// <summary>The fields <see cref="Body"/> was written from, if it was and is still that body.</summary>
    internal CanonicalBody? Fields => Written is { } written && ReferenceEquals(written.Json, Body) ? written : null;

    // How the body came to be is not part of the entry: equal fields, equal entries.
    public bool Equals(NewEntry? other) =>
        other is not null && Kind == other.Kind && Subject == other.Subject && Purpose == other.Purpose && At.Equals(other.At) && Body == other.Body;

    public override int GetHashCode() => HashCode.Combine(Kind, Subject, Purpose, At, Body);
}
