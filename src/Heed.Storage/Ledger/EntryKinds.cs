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

    /// <summary>An admin asked for an override; the body holds its id, scope, TTL, reason and who asked
    /// (docs/overrides.md). A request is never changed: a different override is a new request.</summary>
    public const string OverrideRequest = "override.request";

    /// <summary>A second admin approved an override request, naming the request's LSN and chain hash, so the
    /// approval covers exactly that request; the body holds the end it was given.</summary>
    public const string OverrideApprove = "override.approve";

    /// <summary>An admin revoked an override (pending or active); acknowledged like an opt-out.</summary>
    public const string OverrideRevoke = "override.revoke";

    /// <summary>A registry setting changed, e.g. <c>overrides.singleApprover</c>; the body holds its name,
    /// the new value and who changed it.</summary>
    public const string SettingSet = "setting.set";

    /// <summary>An admin added a purpose (and any missing intermediate node) to the taxonomy; the body holds
    /// its name and who added it. Bits are assigned in ledger order and never change.</summary>
    public const string PurposeAdd = "purpose.add";

    /// <summary>An admin deprecated a purpose, optionally naming a successor its opt-outs carry over to.</summary>
    public const string PurposeDeprecate = "purpose.deprecate";

    /// <summary>An admin registered a version of a CloudEvents type: where its subject is and its purposes.</summary>
    public const string SchemaRegister = "schema.register";

    /// <summary>An admin deprecated or retired a registered schema version.</summary>
    public const string SchemaStatus = "schema.status";

    /// <summary>An admin set a type's minimum accepted version.</summary>
    public const string SchemaMinimum = "schema.minimum";
}
