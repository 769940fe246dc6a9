namespace Heed.Relay.Configuration;

/// <summary>The configuration file is missing, unreadable or invalid; <see cref="Errors"/> lists every problem.</summary>
public sealed class RelayConfigException : Exception
{
    public RelayConfigException(IReadOnlyList<string> errors)
        : base("Invalid relay configuration:\n  " + string.Join("\n  ", errors))
    {
        Errors = errors;
    }

    public RelayConfigException()
        : this([])
    {
    }

    public RelayConfigException(string message)
        : this([message])
    {
    }

    public RelayConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; } = [];
}
