namespace Heed.Core.Decisions;

/// <summary>The wire names of <see cref="DecisionReason"/>.</summary>
public static class DecisionReasons
{
    /// <summary>The snake_case name used in JSON and problem details, e.g. <c>opted_out</c>.</summary>
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

    /// <summary>Whether <paramref name="reason"/> allows: only Allowed, Essential and Override do.</summary>
    public static bool IsAllow(DecisionReason reason) =>
        reason is DecisionReason.Allowed or DecisionReason.Essential or DecisionReason.Override;
}
