namespace Heed.Storage.Ledger;

/// <summary>
/// Ledger time is whole unix milliseconds: that is what stores keep and what <see cref="EntryHasher"/>
/// covers, so an entry handed back by an append must carry exactly the instant a later read returns.
/// </summary>
internal static class LedgerTime
{
    public static long ToUnixMilliseconds(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static DateTimeOffset Truncate(DateTimeOffset at) => FromUnixMilliseconds(at.ToUnixTimeMilliseconds());
}
