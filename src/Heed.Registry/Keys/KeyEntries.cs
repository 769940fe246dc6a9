using Heed.Registry.State;
using Heed.Storage.Ledger;

namespace Heed.Registry.Keys;

/// <summary>Ledger entries for keys: the ledger records who may do what, like every other change.</summary>
public static class KeyEntries
{
    public static NewEntry Create(string id, string role, string name, string secretHash, DateTimeOffset at, string? by) =>
        new(EntryKinds.KeyCreate, null, null, at, CanonicalJson.Write(("id", id), ("role", role), ("name", name), ("secretHash", secretHash), ("by", by)));
}
