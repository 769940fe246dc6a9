using Heed.Core.Decisions;
using Microsoft.AspNetCore.Http;

namespace Heed.Checks;

/// <summary>
/// What a host adds around the shared check handlers: the registry checks the caller's key, spends its
/// bulk budget and counts decisions; a sidecar on loopback adds nothing. Called on the hot path, so an
/// implementation should not allocate when it lets a request through.
/// </summary>
public interface ICheckGuard
{
    /// <summary>Before the body is read: null to go on, or the problem to answer with (e.g. 401, 403).</summary>
    /// <param name="context">The request.</param>
    /// <returns>Null, or the refusal.</returns>
    IResult? Admit(HttpContext context);

    /// <summary>A well-formed batch of <paramref name="items"/> checks, before it is answered: null to go on,
    /// or the refusal (e.g. 429 with <c>Retry-After</c>).</summary>
    /// <param name="context">The request.</param>
    /// <param name="items">How many checks the batch holds.</param>
    /// <returns>Null, or the refusal.</returns>
    IResult? AdmitBatch(HttpContext context, int items);

    /// <summary>One decision was answered, for the host's metrics.</summary>
    /// <param name="reason">Its reason.</param>
    void Answered(DecisionReason reason);
}
