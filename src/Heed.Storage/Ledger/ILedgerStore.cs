namespace Heed.Storage.Ledger;

/// <summary>
/// The registry's durable store: the append-only ledger and the state materialized from it, kept in
/// the same transaction. Implementations: <c>Sqlite/</c> (embedded default) and <c>Postgres/</c>.
/// One conformance suite (tests/Heed.Storage.Tests/Conformance) runs against each.
/// </summary>
public interface ILedgerStore : IAsyncDisposable
{
    /// <summary>Creates the schema if needed and verifies the head of the chain.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="entries"/> in one durable transaction: all of them or none. LSNs are
    /// consecutive, each entry's hash links to the one before, and the materialized state (opt-outs,
    /// keys) is updated in the same transaction. Returns once the transaction is on disk.
    /// Not thread-safe: exactly one writer (see <see cref="GroupCommit.GroupCommitWriter"/>).
    /// </summary>
    /// <remarks>
    /// Times are kept in whole unix milliseconds: the returned entries carry the truncated
    /// <see cref="NewEntry.At"/> (UTC), exactly what a later read returns and what the hash covers.
    /// State: <c>optout.set</c> upserts (subject, purpose) with the body's <c>source</c>;
    /// <c>optout.clear</c> removes that purpose and every purpose below it (<c>all</c>: every purpose of
    /// the subject); <c>key.create</c> and <c>key.revoke</c> read <c>id</c>, <c>role</c>, <c>name</c>,
    /// <c>secretHash</c> from the body. <c>override.request</c> adds an override row (its id, service,
    /// enforcement point and <c>ttlSeconds</c> from the body, and the entry's own hash); <c>override.approve</c>
    /// approves a pending one only if its <c>requestLsn</c> and <c>requestHash</c> name that very request and its
    /// <c>endsAt</c> lies within the requested TTL; <c>override.revoke</c> revokes one not revoked yet;
    /// <c>setting.set</c> upserts <c>name</c> = <c>value</c>. <c>schema.register</c>, <c>schema.status</c> and
    /// <c>schema.minimum</c> keep the schema registry (docs/schemas.md) and refuse what its rules forbid: a version
    /// registered again or below the highest, one that moves the subject or drops a purpose, a status change of an
    /// unknown version or backwards, a minimum lowered or above the highest version.
    /// <c>purpose.add</c> adds a row for a valid <c>name</c> that is
    /// no node yet (built-in, added, or the parent of one); <c>purpose.deprecate</c> marks a known node that is not
    /// the root, not essential and not deprecated, with a <c>successor</c> that is such a node too, or none. Other kinds are recorded in the ledger only.
    /// An entry that cannot be applied (a body without a required field, a duplicate key or override id, a
    /// revocation of an unknown key, an approval that does not cover exactly a pending request, a revocation
    /// of an unknown or revoked override, text that is not valid UTF-16) fails the whole append with a
    /// <see cref="LedgerEntryException"/> naming the entry, and leaves the ledger, the state and the head
    /// as they were. Any other exception is a store error: see <see cref="RecoverAsync"/>.
    /// </remarks>
    Task<IReadOnlyList<LedgerEntry>> AppendAsync(IReadOnlyList<NewEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>
    /// After an append failed on a store error (a full disk, an I/O error, a locked or read-only file):
    /// lets go of whatever the failed append may have left behind, reopens, verifies the head of the chain
    /// against what is durable, and proves with a real durable write outside the ledger that appends can
    /// succeed again. Throws while the store still fails. Afterwards <see cref="GetHeadAsync"/> is the durable
    /// head, which is ahead of the last successful append if the failed one was in fact committed.
    /// Not thread-safe, like <see cref="AppendAsync"/>: the writer calls it between appends.
    /// </summary>
    Task RecoverAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The ledger's id: random, created with the store on first start and kept in it, so it travels with
    /// a backup and changes when the data is started over. Together with an entry's chain hash it names
    /// one history.
    /// </summary>
    Task<string> GetLedgerIdAsync(CancellationToken cancellationToken = default);

    /// <summary>The LSN of the last entry, or 0 when the ledger is empty.</summary>
    Task<long> GetHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>Entries with LSN &gt; <paramref name="afterLsn"/>, in LSN order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadAfterAsync(long afterLsn, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every opt-out entry of one subject, oldest first.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadHistoryAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>One page of a subject's opt-out entries: LSN &gt; <paramref name="afterLsn"/>, oldest first,
    /// at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadHistoryAsync(string subject, long afterLsn, int limit, CancellationToken cancellationToken = default);

    /// <summary>The current opt-outs of one subject, ordered by purpose.</summary>
    Task<IReadOnlyList<OptOutRow>> ReadOptOutsAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every current opt-out, ordered by subject then purpose (binary order of their UTF-8),
    /// from one consistent snapshot and without holding all rows in memory; used to rebuild state on
    /// start and for export.
    /// </summary>
    IAsyncEnumerable<OptOutRow> ReadAllOptOutsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    Task<IReadOnlyList<KeyRow>> ReadKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Every override, revoked and expired ones included, in request order.</summary>
    Task<IReadOnlyList<OverrideRow>> ReadOverridesAsync(CancellationToken cancellationToken = default);

    /// <summary>Every setting that was ever set, ordered by name.</summary>
    Task<IReadOnlyList<SettingRow>> ReadSettingsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every registered schema version, by type (ordinal) then version.</summary>
    Task<IReadOnlyList<SchemaRow>> ReadSchemasAsync(CancellationToken cancellationToken = default);

    /// <summary>Every type's minimum accepted version that was ever set, by type.</summary>
    Task<IReadOnlyList<SchemaMinimumRow>> ReadSchemaMinimumsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every purpose added (<c>purpose.add</c>) or deprecated (<c>purpose.deprecate</c>), in the order of
    /// the entry that made its row; the built-in taxonomy (<c>DefaultTaxonomy.Leaves</c>) has rows only where deprecated.</summary>
    Task<IReadOnlyList<PurposeRow>> ReadPurposesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps a signed checkpoint of the audit tree of the first <paramref name="size"/> entries (docs/audit.md), so an
    /// offline verifier has a signed root to check the entries against. One per size: a second one of a size already
    /// kept is ignored. Outside the append transaction, on a connection of its own: safe to call beside the writer.
    /// </summary>
    Task SaveCheckpointAsync(long size, string note, CancellationToken cancellationToken = default);

    /// <summary>The kept checkpoint of the largest size, or null when none is kept.</summary>
    Task<CheckpointRow?> ReadLatestCheckpointAsync(CancellationToken cancellationToken = default);
}
