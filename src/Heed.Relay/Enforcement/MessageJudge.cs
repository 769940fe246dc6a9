using Heed.Client;
using Heed.Core.Decisions;
using Heed.Relay.Messages;

namespace Heed.Relay.Enforcement;

/// <summary>
/// Turns a message's subject and the queue's purposes into a verdict. Fails closed (docs/guarantees.md, G2): only a
/// message every purpose allows is forwarded; an opt-out of any purpose denies; a message that cannot be
/// decided is quarantined, and one the replica cannot decide yet (no lease) is held; none is forwarded
/// unchecked or dropped.
/// </summary>
public sealed class MessageJudge
{
    public const string UnknownEventType = "unknown_event_type";

    private readonly IHeedEnforcer _enforcer;
    private readonly string[] _purposes;
    private readonly HashSet<string>? _eventTypes;

    public MessageJudge(IHeedEnforcer enforcer, IEnumerable<string>? purposes, IEnumerable<string>? eventTypes)
    {
        _enforcer = enforcer;
        _purposes = purposes is null ? [] : [.. purposes];
        _eventTypes = eventTypes is null ? null : new HashSet<string>(eventTypes, StringComparer.Ordinal);
    }

    public RelayDecision Judge(in SubjectResult message)
    {
        if (_eventTypes is not null && (message.EventType is null || !_eventTypes.Contains(message.EventType)))
        {
            return new RelayDecision(RelayVerdict.Quarantine, UnknownEventType);
        }

        return Check(message, _purposes);
    }

    /// <summary>Checks <paramref name="message"/>'s subject for every one of <paramref name="purposes"/>
    /// (the queue's, or an event's schema version's).</summary>
    public RelayDecision Check(in SubjectResult message, IReadOnlyList<string> purposes)
    {
        ArgumentNullException.ThrowIfNull(purposes);
        if (message.Problem is not null || message.Subject is null)
        {
            return new RelayDecision(RelayVerdict.Quarantine, message.Problem ?? SubjectExtractor.NoSubject);
        }

        if (purposes.Count == 0)
        {
            // A schema version registered without purposes says nothing about what the event may be used for.
            return new RelayDecision(RelayVerdict.Quarantine, DecisionReasons.ToWire(DecisionReason.UnknownPurpose));
        }

        Decision? undecided = null;
        string? overrideId = null;
        long lsn = 0;
        foreach (string purpose in purposes)
        {
            Decision decision = _enforcer.Check(message.Subject, purpose);
            lsn = decision.Lsn;
            if (decision.Reason == DecisionReason.OptedOut)
            {
                // An opt-out is definite even if another purpose is undecided: the message must not be used.
                return new RelayDecision(RelayVerdict.Deny, DecisionReasons.ToWire(decision.Reason), decision.Lsn, decision.Matched);
            }

            if (!decision.Allowed)
            {
                undecided ??= decision;
            }

            overrideId ??= decision.OverrideId;
        }

        if (undecided is { } first)
        {
            return new RelayDecision(first.Reason == DecisionReason.Unconfirmed ? RelayVerdict.Hold : RelayVerdict.Quarantine, DecisionReasons.ToWire(first.Reason), first.Lsn);
        }

        // Forwarded because an override allowed some purpose: the message says which (docs/relay.md).
        return overrideId is null
            ? new RelayDecision(RelayVerdict.Forward, DecisionReasons.ToWire(DecisionReason.Allowed), lsn)
            : new RelayDecision(RelayVerdict.Forward, DecisionReasons.ToWire(DecisionReason.Override), lsn, OverrideId: overrideId);
    }
}
