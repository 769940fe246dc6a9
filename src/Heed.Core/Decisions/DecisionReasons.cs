namespace Heed.Core.Decisions;

/// <summary>The wire names of <see cref="DecisionReason"/>.</summary>
public static class DecisionReasons
{
    public static string ToWire(DecisionReason reason) => reason switch
    {
        DecisionReason.Allowed => "allowed",
        DecisionReason.OptedOut => "opted_out",
        DecisionReason.Essential => "essential",
        DecisionReason.Override => "override",
        DecisionReason.Unconfirmed => "unconfirmed",
        DecisionReason.UnknownPurpose => "unknown_purpose",
        DecisionReason.InvalidSubject => "invalid_subject",
        _ => "unconfirmed",
    };

    public static bool IsAllow(DecisionReason reason) =>
        reason is DecisionReason.Allowed or DecisionReason.Essential or DecisionReason.Override;
}
