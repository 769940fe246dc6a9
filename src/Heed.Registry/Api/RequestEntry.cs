using Heed.Registry.Api.Contracts;
using Heed.Registry.State;
using Heed.Storage.Ledger;

namespace Heed.Registry.Api;

/// <summary>
/// An opt-out or clear as its ledger entry holds it: the one reading of a subject's entries that the
/// subject's history (<c>GET /v1/subjects/{subject}</c>) and its audit record (<c>GET /v1/audit/subjects/{subject}</c>) share.
/// </summary>
internal readonly record struct RequestEntry(long Lsn, bool IsSet, string Purpose, DateTimeOffset At, string? Source, string? Jurisdiction, string? Evidence)
{
    public static RequestEntry Read(LedgerEntry entry) => new(
        entry.Lsn,
        entry.Kind == EntryKinds.OptOutSet,
        entry.Purpose ?? string.Empty,
        entry.At,
        CanonicalJson.Field(entry.Body, "source"),
        CanonicalJson.Field(entry.Body, "jurisdiction"),
        CanonicalJson.Field(entry.Body, "evidence"));

    public HistoryView ToHistoryView() => new(Lsn, IsSet ? "set" : "clear", Purpose, At, Source, Jurisdiction, Evidence);

    /// <param name="enforcedAt">When every enforcement point had applied it or lost its lease; null when not recorded.</param>
    public RequestRecord ToRecord(DateTimeOffset? enforcedAt) =>
        new(Lsn, IsSet ? "opt-out" : "clear", Purpose, At, Source, Jurisdiction, Evidence, enforcedAt, IsSet ? "opted_out" : "allowed");
}
