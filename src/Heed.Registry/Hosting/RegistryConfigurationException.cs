namespace Heed.Registry.Hosting;

/// <summary>The registry's settings are invalid; <see cref="Errors"/> lists every problem.</summary>
public sealed class RegistryConfigurationException(IReadOnlyList<string> errors)
    : Exception("invalid registry settings: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
