using System.Globalization;

namespace Heed.Registry.Api;

/// <summary>
/// The page of a subject's history a request asks for: entries after the LSN <c>after</c> (the cursor the
/// previous page returned as <c>next</c>), at most <c>limit</c> of them.
/// </summary>
public readonly record struct HistoryPage(long After, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    /// <summary>Reads the query values; each bad one adds an error naming it.</summary>
    public static HistoryPage Parse(string? after, string? limit, Dictionary<string, string[]> errors)
    {
        long afterLsn = 0;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterLsn)))
        {
            errors["after"] = ["must be a cursor from a previous page's 'next' (an LSN, a whole number of 0 or more)"];
        }

        int size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"must be a whole number from 1 to {MaxLimit}"];
        }

        return new HistoryPage(afterLsn, size);
    }
}
