namespace Heed.Storage.Ledger;

/// <summary>The kinds of ledger entries. Every change of state is one of these (tamper-evident audit: docs/guarantees.md, G4).</summary>
public static class EntryKinds
{
    /// <summary>A subject opted out of a purpose (and everything below it).</summary>
    public const string OptOutSet = "optout.set";

    /// <summary>A subject cleared its opt-out of a purpose and of everything below it.</summary>
    public const string OptOutClear = "optout.clear";

    /// <summary>An API key was created; the body holds id, role, name and the key's hash.</summary>
    public const string KeyCreate = "key.create";

    /// <summary>An API key was revoked; the body holds its id.</summary>
    public const string KeyRevoke = "key.revoke";
}
