namespace Heed.Gate.Policies;

/// <summary>What the gate does with a request whose subject opted out of a route's purpose.</summary>
public enum DenyAction
{
    /// <summary>Answer 403 (or 451) problem+json; nothing is forwarded.</summary>
    Block,

    /// <summary>Answer 202 and forward nothing: for fire-and-forget collectors that must not retry.</summary>
    Drop,

    /// <summary>Remove the configured headers and JSON fields, then forward.</summary>
    Redact,
}
