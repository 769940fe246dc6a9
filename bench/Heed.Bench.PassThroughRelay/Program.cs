using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Bench.PassThroughRelay;
using Heed.Registry.Hosting;
using Heed.Relay.Configuration;
using Heed.Relay.Hosting;
using Heed.Testing.RabbitMq;
using Heed.Testing.Temp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

// Relay throughput against a pass-through relay, on one private broker, in one run (target in docs/benchmarks.md).
// Each round preloads a fresh backlog, starts one relay, and times until the target queue holds every
// message; the two relays alternate so drift in the machine affects both alike.
//   dotnet run -c Release --project bench/Heed.Bench.PassThroughRelay -- [messages] [prefetch] [rounds]
int messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
ushort prefetch = args.Length > 1 ? ushort.Parse(args[1], CultureInfo.InvariantCulture) : (ushort)200;
int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

await using RabbitMqBroker broker = await RabbitMqBroker.StartAsync();
using TempDirectory data = TempDirectory.Create("heed-bench-registry-");
string adminKey = "bench-" + Guid.NewGuid().ToString("N");
RegistryHandle registry = await RegistryApp.CreateAsync(new RegistryOptions
{
    Data = data.FullPath,
    Urls = "http://127.0.0.1:0",
    GrpcUrls = "http://127.0.0.1:0",
    AdminKey = adminKey,
});
await registry.App.StartAsync();
string enforcerKey = await CreateEnforcerKeyAsync(registry.Endpoints.HttpUrl, adminKey);

var factory = new ConnectionFactory { Uri = broker.AmqpUri, ClientProvidedName = "bench monitor" };
await using IConnection monitor = await factory.CreateConnectionAsync();
await using IChannel counter = await monitor.CreateChannelAsync();

Console.WriteLine($"relay benchmark: {messages} persistent messages per run, prefetch {prefetch}, {rounds} rounds, broker {broker}");
var passThrough = new List<double>();
var heed = new List<double>();
for (var round = 1; round <= rounds; round++)
{
    passThrough.Add(await RunAsync("pass-through", async q =>
    {
        PassThroughRelay relay = await PassThroughRelay.StartAsync(broker.AmqpUri, q.Source, q.Exchange, prefetch);
        return relay.DisposeAsync;
    }));
    heed.Add(await RunAsync("heed relay", async q =>
    {
        var config = new RelayConfig
        {
            Connection = broker.AmqpUri.ToString(),
            Queues =
            [
                new QueueRelayConfig
                {
                    Source = q.Source,
                    Exchange = q.Exchange,
                    Quarantine = q.Quarantine,
                    Prefetch = prefetch,
                    Purposes = ["marketing.communications.email"],
                    Subject = new SubjectConfig { From = SubjectSourceKind.CloudEvents },
                },
            ],
        };
        IHost host = RelayHost.Create(registry.Endpoints.GrpcUrl, enforcerKey, config, "bench", b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await host.StartAsync();
        await host.Services.GetRequiredService<RelayStatus>().WhenConsuming;
        return async () =>
        {
            await host.StopAsync();
            host.Dispose();
        };
    }));
}

double pt = Median(passThrough);
double hd = Median(heed);
Console.WriteLine($"median: pass-through {pt:N0} msg/s, heed relay {hd:N0} msg/s, ratio {hd / pt:P1} (target >= 90%)");
await registry.App.StopAsync();
await registry.App.DisposeAsync();
return 0;

async Task<double> RunAsync(string name, Func<(string Source, string Exchange, string Target, string Quarantine), Task<Func<ValueTask>>> start)
{
    var queues = await LoadTool.PrepareAsync(broker.AmqpUri, messages, subjects: 10_000);
    // Timed from the moment the relay consumes: Heed's start (first lease, topology check) is not throughput.
    Func<ValueTask> stop = await start(queues);
    var clock = Stopwatch.StartNew();
    while (await LoadTool.CountAsync(counter, queues.Target) < messages)
    {
        await Task.Delay(5);
    }

    double rate = messages / clock.Elapsed.TotalSeconds;
    await stop();
    await counter.QueueDeleteAsync(queues.Source);
    await counter.QueueDeleteAsync(queues.Target);
    await counter.QueueDeleteAsync(queues.Quarantine);
    await counter.ExchangeDeleteAsync(queues.Exchange);
    Console.WriteLine($"  {name,-13} {rate,10:N0} msg/s ({clock.Elapsed.TotalSeconds:0.00} s)");
    return rate;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static async Task<string> CreateEnforcerKeyAsync(string httpUrl, string adminKey)
{
    using var admin = new HttpClient { BaseAddress = new Uri(httpUrl) };
    admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
    HttpResponseMessage created = await admin.PostAsJsonAsync("/v1/keys", new { role = "enforcer", name = "bench relay" });
    created.EnsureSuccessStatusCode();
    return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
}
