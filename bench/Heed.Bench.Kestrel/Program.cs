// Usage: dotnet Heed.Bench.Kestrel.dll --urls http://127.0.0.1:PORT
using System.Text.Json;
using System.Text.Json.Serialization;

var builder = WebApplication.CreateSlimBuilder(args);

// Per-request logging would measure the console, not Kestrel.
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, PeerJson.Default));

var app = builder.Build();

// The peer of POST /v1/check does what a check must do at the least: parse the JSON body, one
// dictionary lookup, and a JSON answer of the same shape (docs/api.md). 10,000 opted-out subjects, so
// the lookup is a real hash probe; the benchmark asks for one that is not among them (allowed).
var optOuts = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i < 10_000; i++)
{
    optOuts["user:opted-" + i] = "analytics";
}

// A static answer: the ceiling of any HTTP row on this machine (kestrel_static).
byte[] ok = "ok"u8.ToArray();

app.MapGet("/", () => Results.Bytes(ok, "text/plain"));
app.MapPost("/v1/check", async (HttpRequest request) =>
{
    CheckRequest? check;
    try
    {
        check = await request.ReadFromJsonAsync(PeerJson.Default.CheckRequest, request.HttpContext.RequestAborted);
    }
    catch (JsonException)
    {
        return Results.BadRequest();
    }

    if (check is not { Subject: not null, Purpose: not null })
    {
        return Results.BadRequest();
    }

    bool optedOut = optOuts.TryGetValue(check.Subject, out string? purpose) && purpose == check.Purpose;
    return Results.Json(new CheckResponse(!optedOut, optedOut ? "opted_out" : "allowed", 0, "00000000000000000000000000000000"), PeerJson.Default.CheckResponse);
});
app.MapGet("/healthz", () => "ok");

app.Run();

internal sealed record CheckRequest(string? Subject, string? Purpose);

internal sealed record CheckResponse(bool Allowed, string Reason, long Lsn, string DecisionId);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CheckRequest))]
[JsonSerializable(typeof(CheckResponse))]
internal sealed partial class PeerJson : JsonSerializerContext;
