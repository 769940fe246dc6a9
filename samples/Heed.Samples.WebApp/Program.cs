// A newsletter service that enforces opt-outs with the Heed SDK: an endpoint filter, an outbound
// HttpClient handler, a readiness check on the lease, and read-your-writes with a consistency token.
// Run it next to `heed serve`:
//   dotnet run --project samples/Heed.Samples.WebApp -- --Heed:RegistryUrl=http://127.0.0.1:8080 --Heed:Key=<enforcer key>
using Heed.Client;
using Heed.Client.AspNetCore;
using Heed.Client.Http;
using Heed.Core.Decisions;

var builder = WebApplication.CreateBuilder(args);

// <setup>
builder.Services.AddHeed(o =>
{
    o.RegistryUrl = builder.Configuration["Heed:RegistryUrl"];   // the registry's HTTP address, e.g. http://127.0.0.1:8080
    o.Key = builder.Configuration["Heed:Key"];                   // an enforcer key: heed keys create --role enforcer
    o.Service = "newsletter";                                    // defaults to the application name
});
builder.Services.AddHealthChecks().AddHeedLease();               // healthy only while the replica holds a lease
// </setup>

// <outbound>
builder.Services.AddHttpClient("ad-partner", c => c.BaseAddress = new(builder.Configuration["Partner:Url"] ?? "https://partner.example"))
    .AddHeedEnforcement(o => o.Purpose = "third_party_sharing.sale");
// </outbound>

var app = builder.Build();

app.MapHealthChecks("/readyz");

// <endpoint>
app.MapPost("/users/{id}/newsletter", (string id) => Results.Ok(new { sent = true }))
   .RequireNotOptedOut("marketing.communications.email", HeedSubjectSource.FromRoute("id", kind: "user"));

RouteGroupBuilder me = app.MapGroup("/me").RequireNotOptedOut("analytics", HeedSubjectSource.FromClaim("sub", kind: "user"));
me.MapGet("/activity", () => Results.Ok(new { recorded = true }));
// </endpoint>

app.MapPost("/users/{id}/share", async (string id, IHttpClientFactory clients, CancellationToken ct) =>
{
    HttpClient client = clients.CreateClient("ad-partner");
    // <share>
    var request = new HttpRequestMessage(HttpMethod.Post, "/audiences").ForSubject("user:" + id);
    HttpResponseMessage response = await client.SendAsync(request, ct);
    // </share>
    return Results.StatusCode((int)response.StatusCode);
});

app.MapGet("/users/{id}/may-email", async (string id, long? token, IHeedEnforcer heed, CancellationToken ct) =>
{
    // <check>
    Decision decision = token is long lsn
        ? await heed.CheckAsync("user:" + id, "marketing.communications.email", consistencyToken: lsn, ct)
        : heed.Check("user:" + id, "marketing.communications.email");
    // </check>
    return Results.Ok(new
    {
        allowed = decision.Allowed,
        reason = DecisionReasons.ToWire(decision.Reason),
        lsn = decision.Lsn,
    });
});

app.Run();
