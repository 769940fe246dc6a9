namespace Heed.Registry.Settings;

/// <summary><c>PUT /v1/settings/{name}</c>.</summary>
public sealed record SettingWriteBody(string? Value);

public sealed record SettingWriteResponse(string Name, string Value, long Lsn, bool Enforced, DateTimeOffset? EnforcedAt);

/// <summary>A setting's value; <c>lsn</c>, <c>setAt</c> and <c>setBy</c> name the entry that set it, absent while it has its default.</summary>
public sealed record SettingView(string Name, string Value, string Default, long? Lsn, DateTimeOffset? SetAt, string? SetBy);

public sealed record SettingsResponse(List<SettingView> Settings);
