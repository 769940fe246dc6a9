using Heed.Core.Decisions;

namespace Heed.Gate.Enforcement;

/// <summary>The outcome of a request's checks: the first decision that did not allow (or allowed), the
/// purpose it was about, and a detail for the problem when the default text would mislead.</summary>
public readonly record struct Verdict(Decision Decision, string? Purpose, string? Detail)
{
    public bool Allowed => Decision.Allowed;
}
