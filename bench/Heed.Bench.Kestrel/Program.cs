// Usage: dotnet Heed.Bench.Kestrel.dll --urls http://127.0.0.1:PORT
var builder = WebApplication.CreateSlimBuilder(args);

// Per-request logging would measure the console, not Kestrel.
builder.Logging.ClearProviders();

var app = builder.Build();

// The shape of a check answer (docs/api.md), written as fixed bytes: the peer does no work per request.
var checkAnswer = """{"allowed":true,"reason":"allowed","lsn":0,"decisionId":"00000000000000000000000000"}"""u8.ToArray();

app.MapGet("/", () => "ok");
app.MapPost("/v1/check", () => Results.Bytes(checkAnswer, "application/json"));
app.MapGet("/healthz", () => "ok");

app.Run();
