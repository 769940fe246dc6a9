namespace Heed.Registry.Overrides;

/// <summary>Limits on overrides (<c>Heed:Overrides:…</c>, docs/overrides.md).</summary>
public sealed class OverrideOptions
{
    /// <summary>The longest TTL a request may ask for.</summary>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromHours(4);
}
