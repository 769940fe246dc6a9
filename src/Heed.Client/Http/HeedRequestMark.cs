using System.Net.Http;

namespace Heed.Client.Http;

/// <summary>Whose data an outbound request carries and for what purpose; set by
/// <see cref="HeedHttpRequestMessageExtensions"/>, read by <see cref="HeedEnforcementHandler"/>.</summary>
/// <param name="Subject">The subject, or null for a request marked as carrying no subject's data.</param>
/// <param name="Purpose">The purpose, or null for the handler's default.</param>
/// <param name="ConsistencyToken">An LSN the decision must reflect (from a write response), or 0.</param>
public sealed record HeedRequestMark(string? Subject, string? Purpose, long ConsistencyToken)
{
    /// <summary>The key of the mark in <see cref="HttpRequestMessage.Options"/>.</summary>
    public static HttpRequestOptionsKey<HeedRequestMark> Key { get; } = new("Heed.RequestMark");

    /// <summary>True when the request was explicitly marked as carrying no subject's data.</summary>
    public bool IsSubjectFree => Subject is null;
}
