using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Heed.Gate.Enforcement;

/// <summary>The Global Privacy Control request header and the gate's answer header.</summary>
public static class GpcSignal
{
    public const string RequestHeader = "Sec-GPC";

    /// <summary>Says whether the signal was honored (CCPA regulations §7025(c)(6)).</summary>
    public const string ResponseHeader = "Heed-GPC";

    public const string Honored = "honored";
    public const string NotIdentified = "not-identified";
    public const string Error = "error";

    /// <summary>True only for exactly one value <c>1</c> (GPC spec §3.1: any other value means no signal).</summary>
    public static bool IsSet(IHeaderDictionary headers) =>
        headers.TryGetValue(RequestHeader, out StringValues values) && values.Count == 1 && values[0] == "1";
}
