namespace Heed.Gate.Enforcement;

/// <summary>Set on a request the gate forwards redacted: the headers <see cref="RedactionTransform"/> must
/// remove from the proxy request.</summary>
public sealed record RedactionFeature(IReadOnlyList<string> Headers);
