using Heed.Checks.Http;
using Heed.Registry.Api.Contracts;
using Heed.Registry.Keys;
using Heed.Registry.State;
using Heed.Registry.Writes;
using Heed.Storage;
using Heed.Storage.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Heed.Registry.Api;

/// <summary>API keys.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder v1 = app.MapGroup("/v1");
        RouteGroupBuilder keys = v1.MapGroup("/keys").WithTags("Keys").RequireRoles();
        keys.MapPost("/", CreateKeyAsync).WithSummary("Create a key; the secret is shown once");
        keys.MapGet("/", (RegistryState state) => TypedResults.Ok(new KeysResponse(
            [.. state.Keys.List().Select(k => new KeyView(k.Id, k.Role, k.Name, k.Created, k.Revoked))]))).WithSummary("List keys, without secrets");
        keys.MapDelete("/{id}", RevokeKeyAsync).WithSummary("Revoke a key");
        return app;
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext context, WritePipeline writes)
    {
        BodyResult<KeyCreateRequest> body = await JsonBody.ReadAsync(context.Request, RegistryJsonContext.Default.KeyCreateRequest, JsonBody.SmallLimit);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new Dictionary<string, string[]>();
        string? role = body.Value!.Role;
        if (!Roles.IsValid(role))
        {
            errors["role"] = [$"role must be one of: {string.Join(", ", Roles.All)}"];
        }

        // The store requires a name; an unnamed key is named after its role rather than refused.
        string name = string.IsNullOrWhiteSpace(body.Value.Name) ? role + " key" : body.Value.Name.Trim();
        SubjectInput.ValidateText(name, 128, "name", errors);
        if (errors.Count > 0)
        {
            return Problems.BadRequest("the key request is invalid", errors);
        }

        string id = KeySecrets.NewId();
        string secret = KeySecrets.NewSecret();
        try
        {
            await writes.SubmitAsync([KeyEntries.Create(id, role!, name, KeySecrets.Hash(secret), writes.Time.GetUtcNow(), context.CurrentKey()?.Id)], writes.Time.GetUtcNow(), context.RequestAborted);
        }
        catch (StoreUnavailableException ex)
        {
            return Problems.Unavailable(ex.Message);
        }
        catch (LedgerEntryException ex)
        {
            return Problems.Conflict(ex.Message);
        }

        return TypedResults.Created($"/v1/keys/{id}", new KeyCreatedResponse(id, role!, name, secret));
    }

    private static async Task<IResult> RevokeKeyAsync(string id, HttpContext context, RegistryState state, WritePipeline writes)
    {
        ApiKey? key = state.Keys.FindById(id);
        if (key is null || !key.IsActive)
        {
            return Problems.NotFound($"no active key '{SubjectInput.Clip(id)}'");
        }

        try
        {
            NewEntry entry = new(EntryKinds.KeyRevoke, null, null, writes.Time.GetUtcNow(), CanonicalJson.Write(("id", id), ("by", context.CurrentKey()?.Id)));
            await writes.SubmitAsync([entry], entry.At, context.RequestAborted);
        }
        catch (StoreUnavailableException ex)
        {
            return Problems.Unavailable(ex.Message);
        }
        catch (LedgerEntryException ex)
        {
            return Problems.Conflict(ex.Message);
        }

        return TypedResults.NoContent();
    }
}
