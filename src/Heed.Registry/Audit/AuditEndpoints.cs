using System.Globalization;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;
using Heed.Registry.Keys;
using Heed.Storage.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Audit;

/// <summary>The audit log over HTTP (docs/audit.md): the signed checkpoint, the verifier key, inclusion and consistency
/// proofs, and the entries themselves. An auditor key is enough for all of them.</summary>
public static class AuditEndpoints
{
    public const int MaxEntries = 1_000;

    // The tree follows commits a moment behind; a reader waits this long at most for what was applied before it asked.
    internal static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder audit = app.MapGroup("/v1/audit").RequireRoles(Roles.Auditor).WithTags("Audit");
        audit.MapGet("/checkpoint", async (AuditLog log, TimeProvider time, CancellationToken cancellationToken) =>
            {
                await log.CatchUpAsync(CatchUp, time, cancellationToken);
                return TypedResults.Text((await log.SignAndKeepAsync(cancellationToken)).Note, "text/plain; charset=utf-8");
            })
            .WithSummary("The signed checkpoint of the ledger's Merkle tree now (C2SP tlog-checkpoint, signed note, Ed25519), also kept in the store");
        audit.MapGet("/key", (AuditLog log) => TypedResults.Text(log.VerifierKey + "\n", "text/plain; charset=utf-8"))
            .WithSummary("The checkpoint verifier key, name+hexid+base64");
        audit.MapGet("/proof/inclusion", Inclusion).WithSummary("The inclusion proof of an entry in the tree of a given size");
        audit.MapGet("/proof/consistency", Consistency).WithSummary("The consistency proof between two tree sizes");
        audit.MapGet("/entries", EntriesAsync).WithSummary("Ledger entries in LSN order, as stored");
        return app;
    }

    private static async Task<IResult> Inclusion(string? lsn, string? size, AuditLog log, TimeProvider time, CancellationToken cancellationToken)
    {
        await log.CatchUpAsync(CatchUp, time, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        long count = log.Tree.Count;
        long treeSize = Read("size", size, count, 1, count, errors);
        long entry = Read("lsn", lsn, null, 1, errors.ContainsKey("size") ? count : treeSize, errors);
        if (errors.Count > 0)
        {
            return Problems.BadRequest($"no such inclusion proof: the tree has {count} entries", errors);
        }

        return TypedResults.Ok(new InclusionProofResponse(entry, treeSize, entry - 1, Base64(log.Tree.InclusionProof(entry - 1, treeSize))));
    }

    private static async Task<IResult> Consistency(string? from, string? to, AuditLog log, TimeProvider time, CancellationToken cancellationToken)
    {
        await log.CatchUpAsync(CatchUp, time, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        long count = log.Tree.Count;
        long second = Read("to", to, count, 0, count, errors);
        long first = Read("from", from, null, 0, errors.ContainsKey("to") ? count : second, errors);
        if (errors.Count > 0)
        {
            return Problems.BadRequest($"no such consistency proof: the tree has {count} entries", errors);
        }

        return TypedResults.Ok(new ConsistencyProofResponse(first, second, Base64(log.Tree.ConsistencyProof(first, second))));
    }

    private static async Task<IResult> EntriesAsync(string? from, string? limit, ILedgerStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        long start = Read("from", from, 1, 1, long.MaxValue, errors);
        long size = Read("limit", limit, 100, 1, MaxEntries, errors);
        if (errors.Count > 0)
        {
            return Problems.BadRequest("the entries asked for are invalid", errors);
        }

        IReadOnlyList<LedgerEntry> entries = await store.ReadAfterAsync(start - 1, (int)size, cancellationToken);
        long? next = entries.Count == size ? entries[^1].Lsn + 1 : null;
        return TypedResults.Ok(new AuditEntriesResponse(
            [.. entries.Select(e => new AuditEntryView(e.Lsn, e.Kind, e.Subject, e.Purpose, e.At.ToUnixTimeMilliseconds(), e.Body, Convert.ToHexStringLower(e.PrevHash), Convert.ToHexStringLower(e.Hash)))],
            next));
    }

    // A whole number in [min, max]; absent means fallback (or an error when there is none).
    private static long Read(string name, string? value, long? fallback, long min, long max, Dictionary<string, string[]> errors)
    {
        if (value is null && fallback is { } given)
        {
            return given;
        }

        if (value is null || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number) || number < min || number > max)
        {
            errors[name] = [max < min ? $"there is no valid value: it must be from {min} to {max}" : $"must be a whole number from {min} to {max}"];
            return min;
        }

        return number;
    }

    private static List<string> Base64(IReadOnlyList<byte[]> hashes) => [.. hashes.Select(Convert.ToBase64String)];
}
