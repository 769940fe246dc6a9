using Heed.Storage.Ledger;

namespace Heed.Storage.Tests.Conformance;

/// <summary>Entries as the registry writes them: canonical JSON bodies with sorted keys.</summary>
public static class TestEntries
{
    /// <summary>A fixed instant with a sub-millisecond part, so every test also exercises truncation.</summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    public static NewEntry Set(string subject, string purpose, string? source = "test", int secondsLater = 0) =>
        new(EntryKinds.OptOutSet, subject, purpose, Start.AddSeconds(secondsLater), source is null ? "{}" : $$"""{"source":"{{source}}"}""");

    public static NewEntry Clear(string subject, string purpose, int secondsLater = 0) =>
        new(EntryKinds.OptOutClear, subject, purpose, Start.AddSeconds(secondsLater), """{"source":"test"}""");

    public static NewEntry CreateKey(string id, string role = "writer", string name = "ci", int secondsLater = 0) =>
        new(EntryKinds.KeyCreate, null, null, Start.AddSeconds(secondsLater), $$"""{"id":"{{id}}","name":"{{name}}","role":"{{role}}","secretHash":"hash-of-{{id}}"}""");

    public static NewEntry RevokeKey(string id, int secondsLater = 0) =>
        new(EntryKinds.KeyRevoke, null, null, Start.AddSeconds(secondsLater), $$"""{"id":"{{id}}"}""");

    public static NewEntry RequestOverride(string id, long ttlSeconds = 3600, string service = "checkout", int secondsLater = 0) =>
        new(EntryKinds.OverrideRequest, null, null, Start.AddSeconds(secondsLater), $$"""{"id":"{{id}}","purposes":["marketing"],"reason":"incident 42","reportOnly":false,"requestedBy":"k1","service":"{{service}}","ttlSeconds":{{ttlSeconds}}}""");

    /// <summary>An approval of the request at <paramref name="requestLsn"/> with chain hash <paramref name="requestHash"/>, ending <paramref name="endsAt"/>.</summary>
    public static NewEntry ApproveOverride(string id, long requestLsn, byte[] requestHash, DateTimeOffset endsAt, int secondsLater = 0) =>
        new(EntryKinds.OverrideApprove, null, null, Start.AddSeconds(secondsLater), $$"""{"approvedBy":"k2","endsAt":"{{endsAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}","id":"{{id}}","requestHash":"{{Convert.ToHexStringLower(requestHash)}}","requestLsn":{{requestLsn}}}""");

    public static NewEntry RevokeOverride(string id, int secondsLater = 0) =>
        new(EntryKinds.OverrideRevoke, null, null, Start.AddSeconds(secondsLater), $$"""{"id":"{{id}}","revokedBy":"k2"}""");

    public static NewEntry SetSetting(string name, string value, int secondsLater = 0) =>
        new(EntryKinds.SettingSet, null, null, Start.AddSeconds(secondsLater), $$"""{"name":"{{name}}","setBy":"k1","value":"{{value}}"}""");

    public static NewEntry AddPurpose(string name, int secondsLater = 0) =>
        new(EntryKinds.PurposeAdd, null, name, Start.AddSeconds(secondsLater), $$"""{"addedBy":"k1","name":"{{name}}"}""");

    public static NewEntry DeprecatePurpose(string name, string? successor = null, int secondsLater = 0) =>
        new(EntryKinds.PurposeDeprecate, null, name, Start.AddSeconds(secondsLater), successor is null
            ? $$"""{"deprecatedBy":"k1","name":"{{name}}"}"""
            : $$"""{"deprecatedBy":"k1","name":"{{name}}","successor":"{{successor}}"}""");

    /// <summary><paramref name="count"/> opt-outs of distinct subjects <c>user:{prefix}{i}</c>.</summary>
    public static NewEntry[] Sets(int count, string prefix = "") =>
        [.. Enumerable.Range(0, count).Select(i => Set($"user:{prefix}{i}", "marketing"))];

    /// <summary>The instant a store must hand back for <paramref name="at"/>: whole milliseconds, UTC.</summary>
    public static DateTimeOffset Stored(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
}
