// A worker that checks a whole mailing list in bulk over heed.v1.Decisions/CheckStream (on the
// registry's replication address, named by `heed serve`'s startup line and GET /v1/replication, or a
// sidecar's, named by its GET /v1/checkstream) before a campaign, and prints who may be emailed.
//   dotnet run --project samples/Heed.Samples.Worker -- --Worker:Endpoint=http://127.0.0.1:40123 \
//       --Worker:Key=<enforcer key> --Worker:Subjects=recipients.txt --Worker:Once=true
using Heed.Samples.Worker;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddOptions<WorkerOptions>().Bind(builder.Configuration.GetSection("Worker")).ValidateOnStart()
    .Validate(o => Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _), "Worker:Endpoint must be an absolute URL")
    .Validate(o => File.Exists(o.Subjects), "Worker:Subjects must name a file with one subject per line");
builder.Services.AddHostedService<CampaignChecker>();
builder.Build().Run();
