using Heed.Core.Purposes;
using Heed.Registry.Api;
using Heed.Registry.Keys;
using Heed.Registry.State;
using Heed.Registry.Writes;
using Heed.Storage.Ledger;
using Microsoft.AspNetCore.Http;

namespace Heed.Registry.Purposes;

/// <summary>
/// Adds and deprecates purposes, one change at a time. Each is checked against the taxonomy it will change
/// and written before the next is checked, so the taxonomy the writer then builds from the entry is exactly
/// the one checked: the writer never meets an entry it cannot apply. The store refuses a lie regardless.
/// </summary>
public sealed class PurposeWrites(RegistryState state, WritePipeline writes) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<IResult> AddAsync(string name, HttpContext context)
    {
        await _one.WaitAsync(context.RequestAborted);
        try
        {
            if (state.Taxonomy.TryGet(name, out _))
            {
                return Problems.Conflict($"purpose '{name}' already exists");
            }

            try
            {
                state.Taxonomy.Add(name);
            }
            catch (ArgumentException ex)
            {
                return Problems.Unprocessable($"purpose '{name}' cannot be added: {ex.Message}");
            }

            NewEntry entry = new(EntryKinds.PurposeAdd, null, name, writes.Time.GetUtcNow(), CanonicalJson.Write(("name", name), ("addedBy", context.CurrentKey()?.Id)));
            (WriteOutcome? outcome, IResult? problem) = await writes.SubmitAsync(entry, context);
            return outcome is null ? problem! : TypedResults.Created($"/v1/purposes/{name}", Response(name, outcome));
        }
        finally
        {
            _one.Release();
        }
    }

    public async Task<IResult> DeprecateAsync(string name, string? successor, HttpContext context)
    {
        await _one.WaitAsync(context.RequestAborted);
        try
        {
            PurposeTaxonomy taxonomy = state.Taxonomy;
            if (!taxonomy.TryGet(name, out Purpose purpose))
            {
                return Problems.NotFound($"there is no purpose '{SubjectInput.Clip(name)}'; GET /v1/purposes lists them");
            }

            if (purpose.IsDeprecated)
            {
                return Problems.Conflict($"purpose '{name}' is deprecated already");
            }

            string? refused = Unusable(taxonomy, purpose, "deprecated") ?? (successor is null ? null : Successor(taxonomy, purpose, successor));
            if (refused is not null)
            {
                return Problems.Unprocessable(refused);
            }

            try
            {
                // Core's own rules (a successor below the purpose, …): an entry the writer could not apply
                // would stop it, and the registry would not start on its ledger again.
                _ = taxonomy.Deprecate(name, successor);
            }
            catch (ArgumentException ex)
            {
                return Problems.Unprocessable($"purpose '{name}' cannot be deprecated: {ex.Message}");
            }

            NewEntry entry = new(EntryKinds.PurposeDeprecate, null, name, writes.Time.GetUtcNow(), CanonicalJson.Write(
                ("name", name), ("successor", successor), ("deprecatedBy", context.CurrentKey()?.Id)));
            (WriteOutcome? outcome, IResult? problem) = await writes.SubmitAsync(entry, context);
            return outcome is null ? problem! : TypedResults.Ok(Response(name, outcome));
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();

    private static string? Successor(PurposeTaxonomy taxonomy, Purpose purpose, string successor)
    {
        if (!taxonomy.TryGet(successor, out Purpose next))
        {
            return $"there is no purpose '{SubjectInput.Clip(successor)}' to succeed '{purpose.Name}'";
        }

        if (next == purpose)
        {
            return $"purpose '{purpose.Name}' cannot succeed itself";
        }

        return Unusable(taxonomy, next, "a successor") ?? (next.IsDeprecated ? $"purpose '{next.Name}' is deprecated itself" : null);
    }

    private static string? Unusable(PurposeTaxonomy taxonomy, Purpose purpose, string what) =>
        purpose == taxonomy.Root || purpose.IsEssential
            ? $"'{purpose.Name}' cannot be {what}: the root and essential purposes take no opt-outs"
            : what == "deprecated" && DefaultTaxonomy.GpcPurposes.Contains(purpose.Name)
                // A deprecated purpose takes no new opt-outs, and gates record every GPC signal as opt-outs of these.
                ? $"'{purpose.Name}' cannot be deprecated: gates record Global Privacy Control signals as opt-outs of it"
                : null;

    private PurposeWriteResponse Response(string name, WriteOutcome outcome)
    {
        // The writer applied the entry before the write returned: the taxonomy holds it now.
        state.Taxonomy.TryGet(name, out Purpose purpose);
        return new PurposeWriteResponse(name, purpose.Bit, purpose.IsDeprecated, purpose.Successor?.Name, outcome.Lsn, outcome.Enforced, outcome.EnforcedAt);
    }
}
