using Heed.Core.Decisions;

namespace Heed.Client;

/// <summary>
/// Thrown instead of a synthetic response when an outbound call is blocked and the handler is set to
/// <see cref="Http.HeedDenialMode.Throw"/>. Transient only when the replica could not confirm
/// (<see cref="DecisionReason.Unconfirmed"/>): an opt-out does not go away by retrying.
/// </summary>
public sealed class HeedDeniedException : HeedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="decision">The decision that blocked the call.</param>
    /// <param name="purpose">The purpose that was checked.</param>
    /// <param name="message">A description that names the reason but not the subject.</param>
    public HeedDeniedException(Decision decision, string purpose, string message)
        : base(message, decision.Reason == DecisionReason.Unconfirmed)
    {
        Decision = decision;
        Purpose = purpose;
    }

    /// <summary>The decision that blocked the call.</summary>
    public Decision Decision { get; }

    /// <summary>The purpose that was checked.</summary>
    public string Purpose { get; }
}
