namespace Heed.Relay.Enforcement;

/// <summary>What happens to a message. There is no "drop": every message ends in one of these (nothing lost: docs/guarantees.md, G3).</summary>
public enum RelayVerdict
{
    /// <summary>Every purpose allows it: publish to the target, then ack.</summary>
    Forward,

    /// <summary>The subject opted out: ack, count, audit.</summary>
    Deny,

    /// <summary>Cannot be decided from the message (no subject, bad body, unknown purpose or type): publish to
    /// the quarantine queue with the reason, then ack.</summary>
    Quarantine,

    /// <summary>The replica has no lease (<c>unconfirmed</c>): nothing is wrong with the message, so it is
    /// neither acked nor quarantined; it waits, unacknowledged, until the replica is fresh and is judged again.</summary>
    Hold,
}
