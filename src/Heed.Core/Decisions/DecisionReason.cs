namespace Heed.Core.Decisions;

/// <summary>Why a check answered as it did. Only <see cref="Allowed"/>, <see cref="Essential"/> and
/// <see cref="Override"/> allow.</summary>
public enum DecisionReason : byte
{
    Allowed = 0,
    OptedOut,
    Essential,
    Override,
    Unconfirmed,
    UnknownPurpose,
    InvalidSubject,
}
