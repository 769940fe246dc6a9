using System.Text.Json.Nodes;
using Heed.Checks.Http;
using Heed.Core.Schemas;
using Heed.Registry.Api;
using Heed.Registry.Keys;
using Heed.Registry.State;
using Heed.Registry.Writes;
using Heed.Storage.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Schemas;

/// <summary>
/// <c>/v1/schemas</c> (docs/schemas.md): admins register versions of CloudEvents types, deprecate and retire them and
/// raise a type's minimum; every write is a ledger entry, answered once enforced like an opt-out. A type in the path is
/// one percent-encoded segment (<c>/</c> as <c>%2F</c>).
/// </summary>
public static class SchemaEndpoints
{
    public static IEndpointRouteBuilder MapSchemaEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder schemas = app.MapGroup("/v1/schemas").WithTags("Schemas");
        schemas.MapPost("/", RegisterAsync).RequireRoles().WithSummary("Register a version of a CloudEvents type; answered once enforced");
        schemas.MapGet("/", List).RequireRoles(Roles.Writer, Roles.Enforcer, Roles.Auditor).WithSummary("Every type, its minimum and its versions");
        schemas.MapGet("/{type}", Show).RequireRoles(Roles.Writer, Roles.Enforcer, Roles.Auditor).WithSummary("One type, its minimum and its versions");
        schemas.MapPost("/{type}/versions/{version}/deprecate", (string version, HttpContext context, RegistryState state, WritePipeline writes) =>
                ChangeStatusAsync(version, SchemaStatus.Deprecated, context, state, writes))
            .RequireRoles().WithSummary("Deprecate a version (still accepted); answered once enforced");
        schemas.MapPost("/{type}/versions/{version}/retire", (string version, HttpContext context, RegistryState state, WritePipeline writes) =>
                ChangeStatusAsync(version, SchemaStatus.Retired, context, state, writes))
            .RequireRoles().WithSummary("Retire a version (refused everywhere once enforced); answered once enforced");
        schemas.MapPut("/{type}/minimum", SetMinimumAsync).RequireRoles().WithSummary("Raise a type's minimum accepted version; answered once enforced");
        return app;
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, RegistryState state, WritePipeline writes)
    {
        BodyResult<SchemaRegisterBody> body = await JsonBody.ReadAsync(context.Request, RegistryJsonContext.Default.SchemaRegisterBody, JsonBody.SmallLimit);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (SchemaInput.Validate(body.Value!, state.Taxonomy, errors) is not { } next)
        {
            return Problems.BadRequest("the schema version is invalid", errors);
        }

        if (state.Schemas.Catalog.CheckCompatible(next) is { } conflict)
        {
            return SchemaProblems.Of(conflict, "version");
        }

        NewEntry entry = new(EntryKinds.SchemaRegister, null, null, writes.Time.GetUtcNow(), CanonicalJson.Write(
            ("type", next.Type),
            ("version", JsonValue.Create(next.Version)),
            ("subjectPointer", next.SubjectPointer),
            ("purposes", new JsonArray([.. next.Purposes.Select(p => (JsonNode)p)])),
            ("dataschema", next.DataSchema),
            ("registeredBy", context.CurrentKey()?.Id)));
        (WriteOutcome? outcome, IResult? problem) = await writes.SubmitAsync(entry, context);
        return outcome is null
            ? problem!
            : TypedResults.Created($"/v1/schemas/{Uri.EscapeDataString(next.Type)}", new SchemaWriteResponse(next.Type, next.Version, "active", outcome.Lsn, outcome.Enforced, outcome.EnforcedAt));
    }

    private static async Task<IResult> ChangeStatusAsync(string versionText, SchemaStatus status, HttpContext context, RegistryState state, WritePipeline writes)
    {
        var errors = new Dictionary<string, string[]>();
        string? type = ReadType(context, errors);
        if (!SchemaVersionAttribute.TryParse(versionText, out int version))
        {
            errors["version"] = ["the version in the path is a decimal integer from 1"];
        }

        if (type is null || errors.Count > 0)
        {
            return Problems.BadRequest("the path does not name a schema version", errors);
        }

        if (SchemaTransitions.CheckStatus(type, version, state.Schemas.Catalog.Resolve(type, version).Schema, status) is { } conflict)
        {
            return SchemaProblems.Of(conflict, "status");
        }

        string word = SchemaTransitions.Name(status);
        NewEntry entry = new(EntryKinds.SchemaStatus, null, null, writes.Time.GetUtcNow(), CanonicalJson.Write(
            ("type", type),
            ("version", JsonValue.Create(version)),
            ("status", word),
            ("by", context.CurrentKey()?.Id)));
        (WriteOutcome? outcome, IResult? problem) = await writes.SubmitAsync(entry, context);
        return outcome is null ? problem! : TypedResults.Ok(new SchemaWriteResponse(type, version, word, outcome.Lsn, outcome.Enforced, outcome.EnforcedAt));
    }

    private static async Task<IResult> SetMinimumAsync(HttpContext context, RegistryState state, WritePipeline writes)
    {
        var errors = new Dictionary<string, string[]>();
        if (ReadType(context, errors) is not { } type)
        {
            return Problems.BadRequest("the path does not name a type", errors);
        }

        BodyResult<SchemaMinimumBody> body = await JsonBody.ReadAsync(context.Request, RegistryJsonContext.Default.SchemaMinimumBody, JsonBody.SmallLimit);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (body.Value!.MinVersion is not { } minVersion)
        {
            return Problems.BadRequest("the minimum is invalid", new Dictionary<string, string[]> { ["minVersion"] = ["minVersion is required: a decimal integer from 1"] });
        }

        SchemaCatalog catalog = state.Schemas.Catalog;
        if (SchemaTransitions.CheckMinimum(type, minVersion, catalog.Highest(type), catalog.MinimumVersion(type)) is { } conflict)
        {
            return SchemaProblems.Of(conflict, "minVersion");
        }

        NewEntry entry = new(EntryKinds.SchemaMinimum, null, null, writes.Time.GetUtcNow(), CanonicalJson.Write(
            ("type", type),
            ("minVersion", JsonValue.Create(minVersion)),
            ("by", context.CurrentKey()?.Id)));
        (WriteOutcome? outcome, IResult? problem) = await writes.SubmitAsync(entry, context);
        return outcome is null ? problem! : TypedResults.Ok(new SchemaMinimumResponse(type, minVersion, outcome.Lsn, outcome.Enforced, outcome.EnforcedAt));
    }

    private static IResult List(RegistryState state) =>
        TypedResults.Ok(new SchemasResponse([.. state.Schemas.Rows.GroupBy(r => r.Schema.Type, StringComparer.Ordinal).Select(g => View(state.Schemas, g.Key, g))]));

    private static IResult Show(HttpContext context, RegistryState state)
    {
        var errors = new Dictionary<string, string[]>();
        if (ReadType(context, errors) is not { } type)
        {
            return Problems.BadRequest("the path does not name a type", errors);
        }

        SchemaRow[] rows = [.. state.Schemas.Rows.Where(r => r.Schema.Type == type)];
        return rows.Length == 0
            ? Problems.NotFound($"no version of '{SubjectInput.Clip(type)}' is registered; GET /v1/schemas lists the types")
            : TypedResults.Ok(View(state.Schemas, type, rows));
    }

    private static string? ReadType(HttpContext context, Dictionary<string, string[]> errors) =>
        SubjectPath.ReadAfter(context, "schemas", "type", errors) is { } type ? SchemaInput.ValidateType(type, errors) : null;

    private static SchemaTypeView View(SchemaBook book, string type, IEnumerable<SchemaRow> rows)
    {
        SchemaMinimumRow? minimum = book.Minimum(type);
        return new SchemaTypeView(type, minimum?.MinVersion ?? 0, minimum?.Lsn, [.. rows.Select(r => new SchemaVersionView(
            r.Schema.Version,
            r.Schema.SubjectPointer,
            [.. r.Schema.Purposes],
            r.Schema.DataSchema,
            SchemaTransitions.Name(r.Schema.Status),
            r.Lsn,
            r.Registered,
            r.RegisteredBy,
            r.StatusLsn,
            r.StatusChanged,
            r.StatusChangedBy))]);
    }
}
