namespace Heed.Storage;

/// <summary>The store cannot take or confirm a write. <see cref="IsTransient"/> says whether a retry may help.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    public bool IsTransient => InnerException is null;
}
