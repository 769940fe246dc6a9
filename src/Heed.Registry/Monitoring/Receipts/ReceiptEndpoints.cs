using Heed.Checks.Http;
using Heed.Protocol.Receipts;
using Heed.Registry.Api;
using Heed.Registry.Keys;
using Heed.Registry.State;
using Heed.Storage.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Monitoring.Receipts;

/// <summary><c>POST /v1/receipts</c> (docs/monitoring.md): receipts in batches, stored durably before the answer.</summary>
public static class ReceiptEndpoints
{
    public static IEndpointRouteBuilder MapReceiptEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder receipts = app.MapGroup("/v1/receipts").WithTags("Receipts");
        receipts.MapPost("/", StoreAsync).RequireRoles(Roles.Enforcer).WithSummary("Store a batch of receipts (all or none); answered once durable");
        return app;
    }

    private static async Task<IResult> StoreAsync(HttpContext context, RegistryState state, ReceiptStore store)
    {
        BodyResult<ReceiptBatch> body = await JsonBody.ReadAsync(context.Request, ReceiptJsonContext.Default.ReceiptBatch, JsonBody.BatchLimit);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (ReceiptInput.Validate(body.Value!, state.Taxonomy, errors) is not { } receipts)
        {
            return Problems.BadRequest("the receipt batch is invalid; nothing was stored", errors);
        }

        ReporterRow? reporter = body.Value!.Reporter is { } r ? new ReporterRow(r.Id!, r.Kind!, r.Dropped, default) : null;
        ReceiptAppend stored = await store.AppendAsync(receipts, reporter, context.RequestAborted);
        return TypedResults.Ok(new ReceiptBatchAnswer(stored.Accepted, stored.Duplicates));
    }
}
