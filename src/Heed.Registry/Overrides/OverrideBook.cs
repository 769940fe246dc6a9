using Heed.Registry.State;
using Heed.Storage.Ledger;

namespace Heed.Registry.Overrides;

/// <summary>
/// Every override the ledger holds, in request order. Changed only by the writer, in LSN order, so what a
/// reader sees is the state as of some committed LSN; each record is immutable and replaced whole.
/// </summary>
public sealed class OverrideBook
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, OverrideRecord> _byId = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    // The approved, unrevoked ones, replaced whole on each change: every lease grant reads them, without a lock.
    private volatile OverrideRecord[] _approved = [];

    public OverrideRecord? Find(string id)
    {
        lock (_lock)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    /// <summary>Every override, oldest request first.</summary>
    public IReadOnlyList<OverrideRecord> List()
    {
        lock (_lock)
        {
            return [.. _order.Select(id => _byId[id])];
        }
    }

    /// <summary>The approved, unrevoked overrides that have not ended at <paramref name="now"/>.</summary>
    public IReadOnlyList<OverrideRecord> ActiveAt(DateTimeOffset now) => [.. _approved.Where(o => o.IsActiveAt(now))];

    public void Load(IEnumerable<OverrideRow> rows)
    {
        lock (_lock)
        {
            foreach (OverrideRow row in rows)
            {
                Put(OverrideBody.Read(row.RequestBody, row.RequestLsn, row.RequestHash, row.Requested) with
                {
                    ApproveLsn = row.ApproveLsn,
                    ApprovedBy = row.ApprovedBy,
                    ApprovedAt = row.Approved,
                    EndsAt = row.EndsAt,
                    RevokeLsn = row.RevokeLsn,
                    RevokedBy = row.RevokedBy,
                    RevokedAt = row.Revoked,
                });
            }
        }
    }

    /// <summary>Applies a committed override entry; other kinds are ignored. Writer only.</summary>
    public void Apply(LedgerEntry entry)
    {
        lock (_lock)
        {
            switch (entry.Kind)
            {
                case EntryKinds.OverrideRequest:
                    Put(OverrideBody.Read(entry.Body, entry.Lsn, entry.Hash, entry.At));
                    break;
                case EntryKinds.OverrideApprove when Get(entry) is { } pending:
                    Put(pending with
                    {
                        ApproveLsn = entry.Lsn,
                        ApprovedBy = CanonicalJson.Field(entry.Body, "approvedBy"),
                        ApprovedAt = entry.At,
                        EndsAt = OverrideBody.ReadEnd(entry.Body),
                    });
                    break;
                case EntryKinds.OverrideRevoke when Get(entry) is { } running:
                    Put(running with { RevokeLsn = entry.Lsn, RevokedBy = CanonicalJson.Field(entry.Body, "revokedBy"), RevokedAt = entry.At });
                    break;
            }
        }
    }

    private OverrideRecord? Get(LedgerEntry entry) => _byId.GetValueOrDefault(CanonicalJson.Field(entry.Body, "id") ?? string.Empty);

    private void Put(OverrideRecord record)
    {
        bool wasApproved = _byId.TryGetValue(record.Id, out OverrideRecord? before) && before.IsApproved;
        if (wasApproved || record.IsApproved)
        {
            _approved = [.. _approved.Where(o => o.Id != record.Id), .. record.IsApproved ? [record] : Array.Empty<OverrideRecord>()];
        }

        if (_byId.TryAdd(record.Id, record))
        {
            _order.Add(record.Id);
        }
        else
        {
            _byId[record.Id] = record;
        }
    }
}
