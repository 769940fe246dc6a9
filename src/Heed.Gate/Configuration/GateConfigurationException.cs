namespace Heed.Gate.Configuration;

/// <summary>The gate's configuration is invalid; <see cref="Errors"/> lists every problem found at once.</summary>
public sealed class GateConfigurationException(IReadOnlyList<string> errors)
    : Exception("invalid gate configuration: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
