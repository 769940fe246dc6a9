namespace Heed.Relay.Hosting;

/// <summary>The broker lacks what the configuration names (a source queue, a target exchange).</summary>
public sealed class RelayTopologyException : Exception
{
    public RelayTopologyException(IReadOnlyList<string> errors)
        : base("The broker does not match the relay configuration:\n  " + string.Join("\n  ", errors))
    {
        Errors = errors;
    }

    public RelayTopologyException()
        : this([])
    {
    }

    public RelayTopologyException(string message)
        : this([message])
    {
    }

    public RelayTopologyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; } = [];
}
