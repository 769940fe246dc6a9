namespace Heed.Registry.Overrides;

/// <summary>Where an override is in its life: requested, approved and running, past its end, or revoked.</summary>
public static class OverrideStates
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Expired = "expired";
    public const string Revoked = "revoked";
}
