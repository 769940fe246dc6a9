namespace Heed.Storage.Ledger;

/// <summary>A registry setting's current value and the <c>setting.set</c> entry that gave it.</summary>
public sealed record SettingRow(string Name, string Value, long Lsn, DateTimeOffset Set, string? SetBy);
