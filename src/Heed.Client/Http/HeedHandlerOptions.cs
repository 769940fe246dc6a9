namespace Heed.Client.Http;

/// <summary>Settings of one HttpClient's <see cref="HeedEnforcementHandler"/>.</summary>
public sealed class HeedHandlerOptions
{
    /// <summary>The purpose calls through this client serve, e.g. <c>third_party_sharing.sale</c>, unless a
    /// request names its own with <see cref="HeedHttpRequestMessageExtensions.ForSubject"/>. A call whose
    /// purpose is named nowhere is blocked.</summary>
    public string? Purpose { get; set; }

    /// <summary>A request header holding the subject (<c>kind:value</c>), read when the request was not
    /// marked with <see cref="HeedHttpRequestMessageExtensions.ForSubject"/>.</summary>
    public string? SubjectHeader { get; set; }

    /// <summary>Respond (the default) or throw when a call is blocked.</summary>
    public HeedDenialMode OnDenied { get; set; } = HeedDenialMode.Respond;
}
