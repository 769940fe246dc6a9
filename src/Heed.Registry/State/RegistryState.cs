using System.Runtime.CompilerServices;
using Heed.Core.Leases;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Subjects;
using Heed.Registry.Keys;
using Heed.Registry.Overrides;
using Heed.Registry.Schemas;
using Heed.Registry.Purposes;
using Heed.Registry.Settings;
using Heed.Storage.Ledger;

namespace Heed.Registry.State;

/// <summary>
/// The registry's in-memory state: the same replica table enforcement points hold (answered without a
/// lease: this is the source of truth), each subject's explicit opt-outs, the keys, the overrides, the
/// settings, the schema registry and the purpose taxonomy. Changed only by
/// <see cref="Apply"/>, which the single ledger writer calls in LSN order after each commit.
/// </summary>
public sealed class RegistryState
{
    private readonly SubjectMasks _masks;

    // The opt-out entries that changed nothing when applied, keyed by the very instances the writer hands to
    // the submitter: exact under concurrent writes, and forgotten with the entries.
    private readonly ConditionalWeakTable<LedgerEntry, object> _unchanged = [];
    private byte[] _chainHash = [];

    /// <param name="lease">Whether the state may answer: by default always; the registry passes a clock it revokes once it cannot prove it is its store's one registry.</param>
    /// <param name="settings">The settings with this registry's defaults; by default the built-in ones.</param>
    public RegistryState(PurposeTaxonomy taxonomy, LeaseClock? lease = null, RegistrySettings? settings = null)
    {
        Settings = settings ?? new RegistrySettings();
        Replica = new ReplicaState(taxonomy, lease ?? LeaseClock.SourceOfTruth);
        _masks = new SubjectMasks(Replica.Table);
        Schemas = new SchemaBook(Replica);
    }

    public ReplicaState Replica { get; }

    public PurposeTaxonomy Taxonomy => Replica.Taxonomy;

    public KeyRing Keys { get; } = new();

    public OverrideBook Overrides { get; } = new();

    public RegistrySettings Settings { get; }

    /// <summary>The schema registry; its catalog is <see cref="ReplicaState.Schemas"/> of <see cref="Replica"/>.</summary>
    public SchemaBook Schemas { get; }

    /// <summary>The LSN of the last applied (committed) entry.</summary>
    public long Head => Replica.AppliedLsn;

    /// <summary>The id of the ledger this state comes from (see <see cref="ILedgerStore.GetLedgerIdAsync"/>).</summary>
    public string LedgerId { get; private set; } = string.Empty;

    /// <summary>The chain hash of the entry at <see cref="Head"/>; empty while the ledger is empty.</summary>
    public byte[] ChainHash => Volatile.Read(ref _chainHash);

    /// <summary>Raised on the writer after each commit has been applied, with the table slots it changed.</summary>
    public event Action<AppliedBatch>? Applied;

    /// <summary>Rebuilds the state from the store's materialized tables.</summary>
    public async Task LoadAsync(ILedgerStore store, CancellationToken cancellationToken)
    {
        // First: the opt-outs below are resolved against it, and purposes added at runtime have their bits here.
        Replica.Taxonomy = LedgerTaxonomy.Build(await store.ReadPurposesAsync(cancellationToken));
        await foreach (OptOutRow row in store.ReadAllOptOutsAsync(cancellationToken))
        {
            if (Taxonomy.TryGet(row.Purpose, out Purpose purpose) && purpose.Bit >= 0)
            {
                _masks.Set(row.Subject, SubjectHash.Of(row.Subject), purpose);
            }
        }

        foreach (KeyRow key in await store.ReadKeysAsync(cancellationToken))
        {
            Keys.Add(new ApiKey(key.Id, key.Role, key.Name, key.SecretHash, key.Created, key.Revoked));
        }

        Overrides.Load(await store.ReadOverridesAsync(cancellationToken));
        Settings.Load(await store.ReadSettingsAsync(cancellationToken));
        Schemas.Load(await store.ReadSchemasAsync(cancellationToken), await store.ReadSchemaMinimumsAsync(cancellationToken));
        LedgerId = await store.GetLedgerIdAsync(cancellationToken);
        long head = await store.GetHeadAsync(cancellationToken);
        if (head > 0)
        {
            Volatile.Write(ref _chainHash, (await store.ReadAfterAsync(head - 1, 1, cancellationToken))[0].Hash);
        }

        Replica.AppliedLsn = head;
    }

    /// <summary>Applies committed entries, in LSN order. Writer only.</summary>
    public ValueTask Apply(IReadOnlyList<LedgerEntry> entries)
    {
        var changes = new List<SlotChange>(entries.Count);
        foreach (LedgerEntry entry in entries)
        {
            switch (entry.Kind)
            {
                case EntryKinds.OptOutSet or EntryKinds.OptOutClear:
                    ApplyOptOut(entry, changes);
                    break;
                case EntryKinds.KeyCreate:
                    Keys.Add(new ApiKey(
                        CanonicalJson.Field(entry.Body, "id")!,
                        CanonicalJson.Field(entry.Body, "role")!,
                        CanonicalJson.Field(entry.Body, "name") ?? string.Empty,
                        CanonicalJson.Field(entry.Body, "secretHash")!,
                        entry.At,
                        null));
                    break;
                case EntryKinds.KeyRevoke:
                    Keys.Revoke(CanonicalJson.Field(entry.Body, "id")!, entry.At);
                    break;
                case EntryKinds.OverrideRequest or EntryKinds.OverrideApprove or EntryKinds.OverrideRevoke:
                    Overrides.Apply(entry);
                    break;
                case EntryKinds.SettingSet:
                    Settings.Apply(entry);
                    break;
                case EntryKinds.SchemaRegister or EntryKinds.SchemaStatus or EntryKinds.SchemaMinimum:
                    Schemas.Apply(entry);
                    break;
                case EntryKinds.PurposeAdd or EntryKinds.PurposeDeprecate:
                    // Replaced whole, before the commit is published: a batch that ships it ships this one.
                    Replica.Taxonomy = LedgerTaxonomy.Apply(Taxonomy, entry);
                    break;
            }

            Replica.AppliedLsn = entry.Lsn;
        }

        if (entries.Count > 0)
        {
            Volatile.Write(ref _chainHash, entries[^1].Hash);
            Applied?.Invoke(new AppliedBatch(entries, changes));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Whether applying <paramref name="entry"/> (an instance this state applied) changed the subject's opt-outs:
    /// false for a set of a purpose the subject had already opted out of, and for a clear of a purpose (or
    /// anything below it) that was not opted out of. Such a write is still a ledger entry: it is a request.
    /// </summary>
    public bool Changed(LedgerEntry entry) => !_unchanged.TryGetValue(entry, out _);

    /// <summary>Whether <paramref name="purpose"/> itself is opted out (by it, an ancestor, or a deprecated
    /// purpose carried over to one of them) in a slot's mask.</summary>
    public static bool IsOptedOut(PurposeBits mask, Purpose purpose) =>
        purpose.Bit >= 0 && mask.Intersects(purpose.CoverBits);

    private void ApplyOptOut(LedgerEntry entry, List<SlotChange> changes)
    {
        if (entry.Subject is null || entry.Purpose is null || !Taxonomy.TryGet(entry.Purpose, out Purpose purpose) || purpose.Bit < 0)
        {
            return;
        }

        ulong hash = SubjectHash.Of(entry.Subject);
        PurposeBits explicitBits = _masks.ExplicitBits(entry.Subject, hash);
        bool alters = entry.Kind == EntryKinds.OptOutSet
            ? !explicitBits.Has(purpose.Bit)
            : explicitBits.Intersects(purpose.ClearBits);
        if (!alters)
        {
            // Already opted out, or nothing to clear: no slot changes, and nothing to ship.
            _unchanged.AddOrUpdate(entry, entry);
            return;
        }

        PurposeBits slot = entry.Kind == EntryKinds.OptOutSet
            ? _masks.Set(entry.Subject, hash, purpose)
            : _masks.Clear(entry.Subject, hash, purpose);
        changes.Add(new SlotChange(hash, slot, entry.Lsn));
    }
}
