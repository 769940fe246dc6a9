using Heed.Client;
using Heed.Client.Telemetry;
using Heed.Core.Decisions;
using Heed.Core.Purposes;
using Heed.Core.Replicas;
using Heed.Core.Subjects;
using Heed.Gate.Configuration;
using Heed.Gate.Gpc;
using Heed.Gate.Policies;
using Heed.Gate.Problems;
using Heed.Gate.Subjects;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace Heed.Gate.Enforcement;

/// <summary>
/// The gate's step in YARP's proxy pipeline: finds the subject, checks every purpose of the route against
/// the replica, and forwards, blocks, drops or redacts. A request with a header, query or route subject
/// and no GPC signal takes a synchronous path that allocates nothing beyond what YARP does. Fails closed:
/// no lease, no subject or an invalid route policy never forwards.
/// </summary>
public sealed partial class HeedEnforcementMiddleware
{
    /// <summary>The response header that names the override that allowed a request.</summary>
    public const string OverrideHeader = "Heed-Override";

    private readonly RequestDelegate _next;
    private readonly IHeedEnforcer _enforcer;
    private readonly RoutePolicies _policies;
    private readonly GpcRecorder _gpc;
    private readonly JwtSubjectReader _jwt;
    private readonly int _bodyLimit;
    private readonly SchemaRejectionMetrics _schemaRejections;
    private readonly ILogger<HeedEnforcementMiddleware> _logger;

    public HeedEnforcementMiddleware(RequestDelegate next, IHeedEnforcer enforcer, RoutePolicies policies, GpcRecorder gpc, JwtSubjectReader jwt, IOptions<GateOptions> options, SchemaRejectionMetrics schemaRejections, ILogger<HeedEnforcementMiddleware> logger)
    {
        _schemaRejections = schemaRejections;
        _next = next;
        _enforcer = enforcer;
        _policies = policies;
        _gpc = gpc;
        _jwt = jwt;
        _bodyLimit = options.Value.JsonBodyLimit;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        RouteModel route = context.GetReverseProxyFeature().Route;
        RoutePolicy? policy = _policies.Get(route.Config, out IReadOnlyList<string> errors);
        if (policy is null)
        {
            LogInvalidRoute(_logger, route.Config.RouteId, string.Join("; ", errors));
            return GateProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "route-misconfigured", "The route's Heed policy is invalid",
                "the gate does not forward on a route whose enforcement policy is invalid", route.Config.RouteId);
        }

        if (policy.CloudEvents)
        {
            return InvokeCloudEventsAsync(context, policy);
        }

        if (policy.NeedsBody || policy.Subject?.IsAsync == true || GpcSignal.IsSet(context.Request.Headers))
        {
            return InvokeSlowAsync(context, policy);
        }

        RawSubject raw = policy.Subject is null ? RawSubject.None : RequestSubject.Read(context, policy.Subject);
        Verdict verdict = Evaluate(policy, raw, PurposeBits.Empty);
        return verdict.Allowed ? ForwardAsync(context, verdict) : DenyAsync(context, policy, verdict, default);
    }

    /// <summary>Forwards, saying which override allowed the request when one did (docs/gate.md).</summary>
    private Task ForwardAsync(HttpContext context, Verdict verdict)
    {
        if (verdict.Decision.OverrideId is { } overrideId)
        {
            context.Response.Headers[OverrideHeader] = overrideId;
        }

        return _next(context);
    }

    private async Task InvokeSlowAsync(HttpContext context, RoutePolicy policy)
    {
        ReadOnlyMemory<byte> body = default;
        if (policy.NeedsBody)
        {
            BodyRead read = await BoundedBody.ReadAsync(context, _bodyLimit);
            if (read.TooLarge)
            {
                LogBodyTooLarge(_logger, policy.RouteId, _bodyLimit);
                await GateProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "body-too-large", "The request body is too large",
                    $"this route reads a JSON body of at most {_bodyLimit} bytes", policy.RouteId);
                return;
            }

            body = read.Bytes;
        }

        RawSubject raw = policy.Subject switch
        {
            null => RawSubject.None,
            { Location: SubjectLocation.Claim } claim => RawSubject.FromText(await _jwt.ReadClaimAsync(context, claim.Name)),
            { Location: SubjectLocation.Json, Field: { } field } => RawSubject.FromJson(body, field),
            { } source => RequestSubject.Read(context, source),
        };

        PurposeBits localMask = PurposeBits.Empty;
        if (GpcSignal.IsSet(context.Request.Headers))
        {
            localMask = await HonorGpcAsync(context, policy, raw);
        }

        Verdict verdict = Evaluate(policy, raw, localMask);
        if (verdict.Allowed)
        {
            await ForwardAsync(context, verdict);
        }
        else
        {
            await DenyAsync(context, policy, verdict, body);
        }
    }

    /// <summary>Records the signal and returns the purposes to deny for this request right away.</summary>
    private async ValueTask<PurposeBits> HonorGpcAsync(HttpContext context, RoutePolicy policy, RawSubject raw)
    {
        string? subject = null;
        if (raw.Value is { } value && SubjectParser.TryNormalize(value, policy.SubjectKind, out string canonical) == SubjectError.None)
        {
            subject = canonical;
        }

        if (subject is null)
        {
            context.Response.Headers[GpcSignal.ResponseHeader] = GpcSignal.NotIdentified;
            return PurposeBits.Empty;
        }

        bool recorded = await _gpc.EnsureRecordedAsync(subject, context.RequestAborted);
        context.Response.Headers[GpcSignal.ResponseHeader] = recorded ? GpcSignal.Honored : GpcSignal.Error;

        // Denied for this request whether or not the write succeeded: fail closed.
        return GpcRecorder.Mask(_enforcer.Replica.Taxonomy);
    }

    private Verdict Evaluate(RoutePolicy policy, RawSubject raw, PurposeBits localMask) =>
        Evaluate(policy.Purposes, policy.SubjectKind, policy.SubjectOptional, raw, localMask, policy.Subject);

    /// <summary>Checks <paramref name="raw"/> for every purpose; <paramref name="where"/> says where a missing
    /// subject was looked for.</summary>
    private Verdict Evaluate(IReadOnlyList<string> purposes, string? kind, bool subjectOptional, RawSubject raw, PurposeBits localMask, object? where)
    {
        ReplicaState replica = _enforcer.Replica;
        if (raw.Refusal is { } refusal)
        {
            // A subject that is there but cannot be read is never "no subject", even where one is optional.
            return new Verdict(new Decision(DecisionReason.InvalidSubject, replica.AppliedLsn), purposes[0], refusal);
        }

        if (raw.Value is null)
        {
            if (!subjectOptional)
            {
                return new Verdict(new Decision(DecisionReason.InvalidSubject, replica.AppliedLsn), purposes[0], $"the request has no subject in its {where}");
            }

            // No subject to check, but a gate without a lease forwards nothing at all.
            return replica.IsFresh
                ? new Verdict(new Decision(DecisionReason.Allowed, replica.AppliedLsn), null, null)
                : new Verdict(new Decision(DecisionReason.Unconfirmed, replica.AppliedLsn), purposes[0], null);
        }

        Span<char> buffer = stackalloc char[SubjectParser.MaxLength];
        SubjectError error = SubjectParser.TryCanonicalize(raw.Value, kind, buffer, out ReadOnlySpan<char> subject);
        if (error != SubjectError.None)
        {
            return new Verdict(new Decision(DecisionReason.InvalidSubject, replica.AppliedLsn), purposes[0], SubjectErrors.Describe(error));
        }

        Verdict? optedOut = null;
        Decision? overridden = null;
        for (int i = 0; i < purposes.Count; i++)
        {
            // An index, not foreach: enumerating an IReadOnlyList would allocate on the synchronous path.
            string purpose = purposes[i];
            Decision decision = replica.Check(subject, purpose);
            if (decision.Allowed && !localMask.IsEmpty && decision.Reason == DecisionReason.Allowed
                && replica.Taxonomy.TryGet(purpose, out Purpose p) && p.CheckBits.Intersects(localMask))
            {
                decision = new Decision(DecisionReason.OptedOut, decision.Lsn, replica.Taxonomy.FindMatch(p, localMask));
            }

            if (decision.Allowed)
            {
                overridden ??= decision.Reason == DecisionReason.Override ? decision : null;
                continue;
            }

            if (decision.Reason != DecisionReason.OptedOut)
            {
                return new Verdict(decision, purpose, null);
            }

            optedOut ??= new Verdict(decision, purpose, null);
        }

        return optedOut ?? new Verdict(overridden ?? new Decision(DecisionReason.Allowed, replica.AppliedLsn), null, null);
    }

    private Task DenyAsync(HttpContext context, RoutePolicy policy, Verdict verdict, ReadOnlyMemory<byte> body)
    {
        string purpose = verdict.Purpose ?? policy.Purposes[0];
        LogDenied(_logger, policy.RouteId, purpose, DecisionReasons.ToWire(verdict.Decision.Reason), policy.OnDeny);

        // Only an opt-out takes the route's action; unconfirmed, invalid subject or unknown purpose always
        // block, so neither drop nor redact can hide that the gate could not decide.
        if (verdict.Decision.Reason != DecisionReason.OptedOut)
        {
            return GateProblems.WriteDenialAsync(context, StatusCodes.Status403Forbidden, verdict.Decision, purpose, verdict.Detail, policy.RouteId);
        }

        switch (policy.OnDeny)
        {
            case DenyAction.Drop:
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                return Task.CompletedTask;
            case DenyAction.Redact:
                return RedactAndForwardAsync(context, policy, verdict, purpose, body);
            default:
                return GateProblems.WriteDenialAsync(context, policy.DenyStatus, verdict.Decision, purpose, verdict.Detail, policy.RouteId);
        }
    }

    private Task RedactAndForwardAsync(HttpContext context, RoutePolicy policy, Verdict verdict, string purpose, ReadOnlyMemory<byte> body)
    {
        if (policy.RedactFields.Length > 0)
        {
            if (!JsonRedactor.TryRedact(body, policy.RedactFields, out byte[]? redacted))
            {
                return GateProblems.WriteDenialAsync(context, policy.DenyStatus, verdict.Decision, purpose,
                    "the subject opted out and the body is not JSON, so its fields could not be redacted; nothing was forwarded", policy.RouteId);
            }

            if (redacted is not null)
            {
                BoundedBody.Replace(context.Request, redacted);
            }
        }

        if (policy.RedactHeaders.Length > 0)
        {
            context.Features.Set(new RedactionFeature(policy.RedactHeaders));
        }

        return _next(context);
    }
}
