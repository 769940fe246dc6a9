using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using Heed.Client.Problems;
using Heed.Core.Decisions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Heed.Client.Http;

/// <summary>
/// Blocks an outbound call that would share a subject's data for a purpose the subject opted out of.
/// The subject and purpose come from <see cref="HeedHttpRequestMessageExtensions.ForSubject"/> (or the
/// configured subject header and default purpose). A blocked call is never sent: the caller gets a
/// synthetic problem+json response (451 for an opt-out, 403 otherwise) or a
/// <see cref="HeedDeniedException"/>. Fail closed: a call that names no subject or no purpose, or that
/// the replica cannot confirm, is blocked; only <see cref="HeedHttpRequestMessageExtensions.ForNoSubject"/>
/// lets a call through unchecked.
/// </summary>
public sealed partial class HeedEnforcementHandler : DelegatingHandler
{
    /// <summary>The response header that names the reason of a synthetic denial.</summary>
    public const string DecisionHeader = "Heed-Decision";

    private const string NoSubject = "the request names no subject: mark it with ForSubject(...), or with ForNoSubject() if it carries no one's data";
    private const string NoPurpose = "the request names no purpose: set HeedHandlerOptions.Purpose or pass one to ForSubject(...)";
    private readonly IHeedEnforcer _enforcer;
    private readonly HeedHandlerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the handler.</summary>
    /// <param name="enforcer">The replica that decides.</param>
    /// <param name="options">This client's settings.</param>
    /// <param name="logger">Where blocked calls are logged (reason, purpose and host; never the subject).</param>
    public HeedEnforcementHandler(IHeedEnforcer enforcer, HeedHandlerOptions options, ILogger<HeedEnforcementHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(enforcer);
        ArgumentNullException.ThrowIfNull(options);
        _enforcer = enforcer;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Pending pending = Resolve(request);
        if (pending.Pass)
        {
            return base.SendAsync(request, cancellationToken);
        }

        if (pending.Denial is { } early)
        {
            return Blocked(request, early, pending.Purpose, pending.Detail);
        }

        if (pending.Token > _enforcer.AppliedLsn)
        {
            return CheckThenSendAsync(request, pending, cancellationToken);
        }

        Decision decision = _enforcer.Check(pending.Subject, pending.Purpose);
        return decision.Allowed ? base.SendAsync(request, cancellationToken) : Blocked(request, decision, pending.Purpose, null);
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Pending pending = Resolve(request);
        if (pending.Pass)
        {
            return base.Send(request, cancellationToken);
        }

        // The synchronous path does not wait for a consistency token: an unapplied token answers
        // unconfirmed, which blocks, rather than blocking a thread.
        Decision decision = pending.Denial
            ?? (pending.Token > _enforcer.AppliedLsn ? new Decision(DecisionReason.Unconfirmed, _enforcer.AppliedLsn) : _enforcer.Check(pending.Subject, pending.Purpose));
        return decision.Allowed ? base.Send(request, cancellationToken) : Deny(request, decision, pending.Purpose, pending.Detail);
    }

    private Pending Resolve(HttpRequestMessage request)
    {
        request.Options.TryGetValue(HeedRequestMark.Key, out HeedRequestMark? mark);
        if (mark is { IsSubjectFree: true })
        {
            return new Pending(true, string.Empty, string.Empty, 0, null, null);
        }

        string? subject = mark?.Subject ?? HeaderSubject(request);
        string purpose = mark?.Purpose ?? _options.Purpose ?? string.Empty;
        long token = mark?.ConsistencyToken ?? 0;
        long lsn = _enforcer.AppliedLsn;
        if (subject is null)
        {
            return new Pending(false, string.Empty, purpose, token, new Decision(DecisionReason.InvalidSubject, lsn), NoSubject);
        }

        return purpose.Length == 0
            ? new Pending(false, subject, purpose, token, new Decision(DecisionReason.UnknownPurpose, lsn), NoPurpose)
            : new Pending(false, subject, purpose, token, null, null);
    }

    private string? HeaderSubject(HttpRequestMessage request) =>
        _options.SubjectHeader is { } header && request.Headers.TryGetValues(header, out IEnumerable<string>? values) && values.Count() == 1
            ? values.First()
            : null;

    private async Task<HttpResponseMessage> CheckThenSendAsync(HttpRequestMessage request, Pending pending, CancellationToken cancellationToken)
    {
        Decision decision = await _enforcer.CheckAsync(pending.Subject, pending.Purpose, pending.Token, cancellationToken).ConfigureAwait(false);
        return decision.Allowed
            ? await base.SendAsync(request, cancellationToken).ConfigureAwait(false)
            : Deny(request, decision, pending.Purpose, null);
    }

    private Task<HttpResponseMessage> Blocked(HttpRequestMessage request, Decision decision, string purpose, string? detail)
    {
        try
        {
            return Task.FromResult(Deny(request, decision, purpose, detail));
        }
        catch (HeedDeniedException ex)
        {
            return Task.FromException<HttpResponseMessage>(ex);
        }
    }

    private HttpResponseMessage Deny(HttpRequestMessage request, Decision decision, string purpose, string? detail)
    {
        int status = decision.Reason == DecisionReason.OptedOut ? StatusCodes.UnavailableForLegalReasons : StatusCodes.Forbidden;
        DenialProblem problem = DenialProblems.Create(decision, purpose, status, detail);
        string host = request.RequestUri?.IsAbsoluteUri == true ? request.RequestUri.Host : "(relative)";
        LogBlocked(_logger, problem.Reason, problem.Purpose, host);
        if (_options.OnDenied == HeedDenialMode.Throw)
        {
            throw new HeedDeniedException(decision, purpose, $"Heed blocked a call to {host}: {problem.Detail}");
        }

        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(problem, HeedJsonContext.Plain.DenialProblem));
        content.Headers.ContentType = new MediaTypeHeaderValue(DenialProblems.ContentType);
        var response = new HttpResponseMessage((HttpStatusCode)status) { RequestMessage = request, Content = content };
        response.Headers.TryAddWithoutValidation(DecisionHeader, problem.Reason);
        return response;
    }

    [LoggerMessage(1, LogLevel.Information, "Heed blocked an outbound call to {Host}: {Reason} for purpose {Purpose}")]
    private static partial void LogBlocked(ILogger logger, string reason, string purpose, string host);

    private static class StatusCodes
    {
        public const int Forbidden = 403;
        public const int UnavailableForLegalReasons = 451;
    }

    private readonly record struct Pending(bool Pass, string Subject, string Purpose, long Token, Decision? Denial, string? Detail);
}
