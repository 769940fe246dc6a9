using Heed.Checks.Http;
using System.Globalization;
using Heed.Core.Purposes;
using Heed.Core.Subjects;
using Heed.Registry.Api.Contracts;
using Heed.Registry.Keys;
using Heed.Registry.State;
using Heed.Registry.Telemetry;
using Heed.Registry.Writes;
using Heed.Storage;
using Heed.Storage.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Api;

/// <summary>Writes and reads of opt-outs: <c>/v1/subjects/…</c> and <c>/v1/optouts/batch</c>.</summary>
public static class OptOutEndpoints
{
    public const int MaxBatch = 10_000;

    public static IEndpointRouteBuilder MapOptOutEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder v1 = app.MapGroup("/v1").WithTags("Opt-outs");
        v1.MapPut("/subjects/{subject}/optouts/{purpose}", (string purpose, HttpContext context, RegistryState state, WritePipeline writes, RegistryMetrics metrics) =>
                WriteOneAsync(EntryKinds.OptOutSet, purpose, context, state, writes, metrics))
            .RequireRoles(Roles.Writer, Roles.Recorder).WithSummary("Opt a subject out of a purpose and everything below it");
        v1.MapDelete("/subjects/{subject}/optouts/{purpose}", (string purpose, HttpContext context, RegistryState state, WritePipeline writes, RegistryMetrics metrics) =>
                WriteOneAsync(EntryKinds.OptOutClear, purpose, context, state, writes, metrics))
            .RequireRoles(Roles.Writer).WithSummary("Clear a subject's opt-out of a purpose and of everything below it");
        v1.MapPost("/optouts/batch", WriteBatchAsync)
            .RequireRoles(Roles.Writer).WithSummary("Set or clear up to 10,000 opt-outs, all or nothing");
        v1.MapGet("/subjects/{subject}", ReadSubjectAsync)
            .RequireRoles(Roles.Writer, Roles.Auditor).WithSummary("A subject's current opt-outs and one page of its history (?after=LSN&limit=N)");
        return app;
    }

    private static async Task<IResult> WriteOneAsync(string kind, string rawPurpose, HttpContext context, RegistryState state, WritePipeline writes, RegistryMetrics metrics)
    {
        DateTimeOffset receivedAt = writes.Time.GetUtcNow();
        long started = writes.Time.GetTimestamp();
        var errors = new Dictionary<string, string[]>();
        // Essential and deprecated purposes: a well-formed write the rules refuse (422).
        var unprocessable = new List<string>();
        string? subject = SubjectPath.ReadCanonical(context, errors);
        Purpose? purpose = SubjectInput.ValidatePurpose(state.Taxonomy, rawPurpose, "purpose", errors, unprocessable);
        if (purpose is not null && SubjectInput.RefuseDeprecatedSet(kind, purpose) is { } deprecated)
        {
            unprocessable.Add(purpose.Name);
            errors["purpose"] = [deprecated];
            purpose = null;
        }

        BodyResult<OptOutWriteBody> body = await JsonBody.ReadAsync(context.Request, RegistryJsonContext.Default.OptOutWriteBody, JsonBody.SmallLimit, optional: true);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        SubjectInput.ValidateText(body.Value?.Source, SubjectInput.MaxSourceLength, "source", errors);
        SubjectInput.ValidateText(body.Value?.Jurisdiction, SubjectInput.MaxSourceLength, "jurisdiction", errors);
        SubjectInput.ValidateText(body.Value?.Evidence, SubjectInput.MaxEvidenceLength, "evidence", errors);
        if (errors.Count > 0 || subject is null || purpose is null)
        {
            return unprocessable.Count > 0 && errors.Count == 1
                ? Problems.Unprocessable(errors["purpose"][0])
                : Problems.BadRequest("the opt-out is invalid", errors);
        }

        if (RecorderScope.Refuse(context.CurrentKey(), kind, purpose.Name, body.Value?.Source) is { } refused)
        {
            return refused;
        }

        NewEntry entry = new(kind, subject, purpose.Name, receivedAt, CanonicalJson.Write(
            ("source", body.Value?.Source ?? "api"),
            ("jurisdiction", body.Value?.Jurisdiction),
            ("evidence", body.Value?.Evidence),
            ("key", context.CurrentKey()?.Id)));

        WriteOutcome outcome;
        try
        {
            outcome = await writes.SubmitAsync([entry], receivedAt, context.RequestAborted);
        }
        catch (StoreUnavailableException ex)
        {
            return Problems.Unavailable(ex.Message);
        }
        catch (LedgerEntryException ex)
        {
            return Problems.Conflict(ex.Message);
        }

        PurposeBits mask = state.Replica.Table.GetBits(SubjectHash.Of(subject));
        string current = RegistryState.IsOptedOut(mask, purpose) ? "opted_out" : "allowed";
        metrics.WriteAnswered(kind, 1, writes.Time.GetElapsedTime(started), outcome.Enforced);
        return TypedResults.Ok(new WriteResponse(subject, purpose.Name, current, outcome.Lsn, receivedAt, outcome.Enforced, outcome.EnforcedAt, state.Changed(outcome.Entries[0])));
    }

    private static async Task<IResult> WriteBatchAsync(HttpContext context, RegistryState state, WritePipeline writes, RegistryMetrics metrics)
    {
        DateTimeOffset receivedAt = writes.Time.GetUtcNow();
        long started = writes.Time.GetTimestamp();
        BodyResult<BatchWriteRequest> body = await JsonBody.ReadAsync(context.Request, RegistryJsonContext.Default.BatchWriteRequest, JsonBody.BatchLimit);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        List<BatchWriteItem?>? items = body.Value!.Items;
        if (items is null || items.Count == 0)
        {
            return Problems.BadRequest("'items' must hold 1 to 10000 items");
        }

        if (items.Count > MaxBatch)
        {
            return Problems.BadRequest($"a batch holds at most {MaxBatch} items; this one has {items.Count}");
        }

        var errors = new Dictionary<string, string[]>();
        var entries = new List<NewEntry>(items.Count);
        string? keyId = context.CurrentKey()?.Id;
        for (int i = 0; i < items.Count; i++)
        {
            string at = $"items[{i}]";
            BatchWriteItem? item = items[i];
            if (item is null)
            {
                errors[at] = ["an item must be an object"];
                continue;
            }

            string? subject = SubjectInput.ValidateSubject(item.Subject, at + ".subject", errors);
            Purpose? purpose = SubjectInput.ValidatePurpose(state.Taxonomy, item.Purpose, at + ".purpose", errors);
            SubjectInput.ValidateText(item.Source, SubjectInput.MaxSourceLength, at + ".source", errors);
            string? kind = item.Action switch
            {
                "set" => EntryKinds.OptOutSet,
                "clear" => EntryKinds.OptOutClear,
                _ => null,
            };
            if (kind is null)
            {
                errors[at + ".action"] = ["action must be 'set' or 'clear'"];
            }

            if (purpose is not null && kind is not null && SubjectInput.RefuseDeprecatedSet(kind, purpose) is { } deprecated)
            {
                errors[at + ".purpose"] = [deprecated];
            }

            if (subject is not null && purpose is not null && kind is not null && errors.Count == 0)
            {
                entries.Add(new NewEntry(kind, subject, purpose.Name, receivedAt, CanonicalJson.Write(("source", item.Source ?? "batch"), ("key", keyId))));
            }

            if (errors.Count >= 100)
            {
                break;
            }
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest($"{errors.Count} item(s) are invalid; nothing was written", errors);
        }

        WriteOutcome outcome;
        try
        {
            outcome = await writes.SubmitAsync(entries, receivedAt, context.RequestAborted);
        }
        catch (StoreUnavailableException ex)
        {
            return Problems.Unavailable(ex.Message);
        }
        catch (LedgerEntryException ex)
        {
            return Problems.Conflict(ex.Message);
        }

        metrics.WriteAnswered("batch", entries.Count, writes.Time.GetElapsedTime(started), outcome.Enforced);
        int changed = outcome.Entries.Count(state.Changed);
        return TypedResults.Ok(new BatchWriteResponse(outcome.Lsn, entries.Count, outcome.Enforced, outcome.EnforcedAt, changed, entries.Count - changed));
    }

    private static async Task<IResult> ReadSubjectAsync(HttpContext context, string? after, string? limit, ILedgerStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        string? canonical = SubjectPath.ReadCanonical(context, errors);
        HistoryPage page = HistoryPage.Parse(after, limit, errors);
        if (canonical is null || errors.Count > 0)
        {
            return Problems.BadRequest(canonical is null ? "the subject is invalid" : "the history page is invalid", errors);
        }

        IReadOnlyList<OptOutRow> rows = await store.ReadOptOutsAsync(canonical, cancellationToken);

        // One more than the page: whether it exists says if there is a next page.
        IReadOnlyList<LedgerEntry> history = await store.ReadHistoryAsync(canonical, page.After, page.Limit + 1, cancellationToken);
        bool more = history.Count > page.Limit;
        return TypedResults.Ok(new SubjectResponse(
            canonical,
            [.. rows.Select(r => new OptOutView(r.Purpose, r.Since, r.Lsn, r.Source))],
            [.. history.Take(page.Limit).Select(e => RequestEntry.Read(e).ToHistoryView())],
            more ? history[page.Limit - 1].Lsn.ToString(CultureInfo.InvariantCulture) : null));
    }
}
