using Heed.Checks.Http;
using Heed.Registry.Api;
using Heed.Registry.Keys;
using Heed.Registry.State;
using Heed.Registry.Writes;
using Heed.Storage.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Settings;

/// <summary><c>/v1/settings</c>: every change of a setting is a <c>setting.set</c> ledger entry.</summary>
public static class SettingEndpoints
{
    public static IEndpointRouteBuilder MapSettingEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder settings = app.MapGroup("/v1/settings").WithTags("Settings");
        settings.MapGet("/", (RegistryState state) => TypedResults.Ok(new SettingsResponse(
                [.. state.Settings.Defaults.Select(d => View(state.Settings, d.Key, d.Value))])))
            .RequireRoles(Roles.Auditor).WithSummary("Every setting, its value and the entry that set it");
        settings.MapPut("/{name}", SetAsync).RequireRoles().WithSummary("Change a setting; recorded in the ledger");
        return app;
    }

    private static async Task<IResult> SetAsync(string name, HttpContext context, RegistryState state, WritePipeline writes)
    {
        if (!state.Settings.Defaults.ContainsKey(name))
        {
            return Problems.NotFound($"there is no setting '{SubjectInput.Clip(name)}'; GET /v1/settings lists them");
        }

        BodyResult<SettingWriteBody> body = await JsonBody.ReadAsync(context.Request, RegistryJsonContext.Default.SettingWriteBody, JsonBody.SmallLimit);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        string? value = body.Value!.Value;
        if (state.Settings.Problem(name, value) is { } invalid)
        {
            return Problems.BadRequest("the setting is invalid", new Dictionary<string, string[]> { ["value"] = [invalid] });
        }

        NewEntry entry = new(EntryKinds.SettingSet, null, null, writes.Time.GetUtcNow(), CanonicalJson.Write(("name", name), ("value", value), ("setBy", context.CurrentKey()?.Id)));
        (WriteOutcome? outcome, IResult? problem) = await writes.SubmitAsync(entry, context);
        return outcome is null ? problem! : TypedResults.Ok(new SettingWriteResponse(name, value!, outcome.Lsn, outcome.Enforced, outcome.EnforcedAt));
    }

    private static SettingView View(RegistrySettings settings, string name, string fallback) =>
        settings.Find(name) is { } row
            ? new SettingView(name, row.Value, fallback, row.Lsn, row.Set, row.SetBy)
            : new SettingView(name, fallback, fallback, null, null, null);
}
