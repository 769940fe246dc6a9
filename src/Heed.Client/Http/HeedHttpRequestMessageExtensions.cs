using System.Net.Http;
using Heed.Core.Purposes;

namespace Heed.Client.Http;

/// <summary>Marks outbound requests for <see cref="HeedEnforcementHandler"/>.</summary>
public static class HeedHttpRequestMessageExtensions
{
    /// <summary>
    /// Says the request shares <paramref name="subject"/>'s data for <paramref name="purpose"/>. The
    /// handler checks it before sending and blocks the call if the subject opted out (or the replica
    /// cannot confirm).
    /// </summary>
    /// <param name="request">The outbound request.</param>
    /// <param name="subject">The subject, <c>kind:value</c>.</param>
    /// <param name="purpose">The purpose; null uses the handler's <see cref="HeedHandlerOptions.Purpose"/>.</param>
    /// <param name="consistencyToken">An LSN from a write response the decision must reflect, or 0.</param>
    /// <returns>The same request, for chaining.</returns>
    public static HttpRequestMessage ForSubject(this HttpRequestMessage request, string subject, string? purpose = null, long consistencyToken = 0)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(subject);
        if (purpose is not null && !PurposeNames.IsValid(purpose))
        {
            throw new ArgumentException($"'{purpose}' is not a purpose name (dotted lower-case segments)", nameof(purpose));
        }

        request.Options.Set(HeedRequestMark.Key, new HeedRequestMark(subject, purpose, consistencyToken));
        return request;
    }

    /// <summary>
    /// Says the request carries no subject's data (a token refresh, a health probe), so the handler lets it
    /// through unchecked. Unmarked requests are blocked instead: a client that shares personal data must
    /// say, call by call, whose it is. This mark is visible at the call site, unlike a global switch.
    /// </summary>
    /// <param name="request">The outbound request.</param>
    /// <returns>The same request, for chaining.</returns>
    public static HttpRequestMessage ForNoSubject(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(HeedRequestMark.Key, new HeedRequestMark(null, null, 0));
        return request;
    }
}
