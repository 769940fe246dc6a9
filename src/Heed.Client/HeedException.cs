namespace Heed.Client;

/// <summary>
/// The base of every exception the Heed SDK throws. A denial is a decision, not an exception; these
/// describe failures (and, when a caller asks for it, blocked calls).
/// </summary>
public class HeedException : Exception
{
    /// <summary>Creates an exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="isTransient">Whether trying again later may succeed.</param>
    /// <param name="innerException">The cause, if any.</param>
    public HeedException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>True when the same operation may succeed if tried again later (e.g. the replica had no lease yet).</summary>
    public bool IsTransient { get; }
}
