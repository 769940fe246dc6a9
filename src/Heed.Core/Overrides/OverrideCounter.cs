namespace Heed.Core.Overrides;

/// <summary>One override's count of allows; shared by every check thread, so only ever touched with Interlocked.</summary>
internal sealed class OverrideCounter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}
