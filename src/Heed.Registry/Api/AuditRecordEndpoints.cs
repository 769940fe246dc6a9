using Heed.Registry.Api.Contracts;
using Heed.Registry.Audit;
using Heed.Registry.Keys;
using Heed.Registry.State;
using Heed.Registry.Writes;
using Heed.Storage.Audit;
using Heed.Storage.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Api;

/// <summary><c>GET /v1/audit/subjects/{subject}</c>: a subject's complete record (<c>heed audit export</c>).</summary>
public static class AuditRecordEndpoints
{
    public static IEndpointRouteBuilder MapAuditRecordEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/audit/subjects/{subject}", ReadAsync)
            .RequireRoles(Roles.Auditor)
            .WithTags("Audit")
            .WithSummary("A subject's complete record: every request, how it came in, when it was enforced, the response");
        return app;
    }

    private static async Task<IResult> ReadAsync(HttpContext context, ILedgerStore store, RegistryState state, EnforcementRecorder recorder, AuditLog log, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        string? canonical = SubjectPath.ReadCanonical(context, errors);
        if (canonical is null || errors.Count > 0)
        {
            return Problems.BadRequest("the subject is invalid", errors);
        }

        long head = state.Head;
        IReadOnlyList<OptOutRow> rows = await store.ReadOptOutsAsync(canonical, cancellationToken);
        IReadOnlyList<LedgerEntry> history = await store.ReadHistoryAsync(canonical, cancellationToken);

        // Signed after the history was read and the tree caught up with it, so every entry read has its proof.
        await log.CatchUpAsync(AuditEndpoints.CatchUp, time, cancellationToken);
        SignedCheckpoint checkpoint = log.Sign();
        long size = checkpoint.Checkpoint.Size;
        var requests = new List<RequestRecord>(history.Count);
        foreach (LedgerEntry entry in history)
        {
            EntryProof? proof = entry.Lsn <= size
                ? new EntryProof(entry.Lsn - 1, size, Convert.ToBase64String(LedgerLeaf.Bytes(entry)), [.. log.Tree.InclusionProof(entry.Lsn - 1, size).Select(Convert.ToBase64String)])
                : null;
            requests.Add(RequestEntry.Read(entry).ToRecord(recorder.EnforcedAt(entry.Lsn)) with { Proof = proof });
        }

        return TypedResults.Ok(new SubjectRecordResponse(
            canonical,
            time.GetUtcNow(),
            head,
            [.. rows.Select(r => new OptOutView(r.Purpose, r.Since, r.Lsn, r.Source))],
            requests,
            checkpoint.Note));
    }
}
