namespace Heed.Relay.Audit;

/// <summary>Metadata of a denied message (never its body): enough to find it again and to prove the denial.</summary>
public sealed record DenialRecord(
    DateTimeOffset At,
    string Queue,
    string Subject,
    string Reason,
    string? Matched,
    long Lsn,
    string? MessageId,
    string? EventType,
    string Exchange,
    string RoutingKey,
    bool Redelivered);
