namespace Heed.Client;

/// <summary>The replication stream broke or went wrong (lost connection, missed changes, no lease grants);
/// the replica reconnects by itself and fails closed meanwhile.</summary>
public sealed class HeedConnectionException : HeedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause, if any.</param>
    public HeedConnectionException(string message, Exception? innerException = null)
        : base(message, isTransient: true, innerException)
    {
    }
}
