using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Heed.Registry.Api.Contracts;
using Heed.Registry.Keys;
using Heed.Storage.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Api;

/// <summary>
/// <c>GET /v1/optouts/export</c>: every current opt-out as NDJSON, one <see cref="OptOutExportLine"/> per line,
/// streamed from the store as it is read, so memory stays flat however many opt-outs there are.
/// </summary>
public static class ExportEndpoints
{
    public const string ContentType = "application/x-ndjson";

    /// <summary>Lines are gathered up to this many bytes per write to the response: few syscalls, small buffer.</summary>
    private const int FlushBytes = 64 * 1024;

    /// <summary>NDJSON is read by programs, never embedded in HTML: '+' in a phone number stays '+', not \u002B.</summary>
    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/optouts/export", (ILedgerStore store, HttpContext context) =>
                TypedResults.Stream(body => WriteAsync(store, body, context.RequestAborted), ContentType))
            .RequireRoles(Roles.Writer, Roles.Auditor)
            .WithTags("Opt-outs")
            .WithSummary("Every current opt-out, streamed as NDJSON: {subject, purpose, since, lsn, source} per line");
        return app;
    }

    /// <summary>
    /// Once the first bytes are out the status is 200 and cannot change: a store failure after that throws,
    /// which aborts the connection, so a client sees a broken download rather than a short, clean one.
    /// </summary>
    private static async Task WriteAsync(ILedgerStore store, Stream body, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(FlushBytes + 4096);
        using var json = new Utf8JsonWriter(buffer, LineOptions);
        await foreach (OptOutRow row in store.ReadAllOptOutsAsync(cancellationToken))
        {
            json.Reset(buffer);
            JsonSerializer.Serialize(json, new OptOutExportLine(row.Subject, row.Purpose, row.Since, row.Lsn, row.Source), RegistryJsonContext.Default.OptOutExportLine);
            json.Flush();
            buffer.Write("\n"u8);
            if (buffer.WrittenCount >= FlushBytes)
            {
                await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }

        if (buffer.WrittenCount > 0)
        {
            await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
        }
    }
}
