namespace Heed.Client;

/// <summary>
/// The registry refused this replica, or the replica refused the registry: an unsupported protocol
/// version, a key that is not valid for this role, or a purpose taxonomy whose bits do not match.
/// Reconnecting at once cannot help, so the replica waits <see cref="HeedOptions.RefusedRetryDelay"/>.
/// </summary>
public sealed class HeedRefusedException : HeedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused and why, as the registry or replica said it.</param>
    /// <param name="innerException">The cause, if any.</param>
    public HeedRefusedException(string message, Exception? innerException = null)
        : base(message, isTransient: false, innerException)
    {
    }
}
