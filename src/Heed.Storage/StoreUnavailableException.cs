namespace Heed.Storage;

/// <summary>The store cannot take or confirm a write. <see cref="IsTransient"/> says whether a retry may help.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message, Exception? inner = null, bool isTransient = true)
        : base(message, inner)
    {
        IsTransient = isTransient;
    }

    public bool IsTransient { get; }
}
