using System.Net;
using BenchmarkDotNet.Attributes;
using Grpc.Core;
using Grpc.Net.Client;
using Heed.Benchmarks.Check;
using Heed.Checks;
using Heed.Checks.Grpc;
using Heed.Client.Enforcement;
using Heed.Core.Purposes;
using Heed.Protocol.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Heed.Benchmarks.Client;

/// <summary>
/// <c>heed.v1.Decisions/CheckStream</c> over 10M records with a live lease, batches of 10,000 checks.
/// <see cref="AnswerBatch"/> is the server's work alone (slice, decode, check) on one core;
/// <see cref="OverGrpc"/> is the whole path on loopback Kestrel with two concurrent streams, which is
/// what "≥ 5M checks/s on 2 cores" measures (client and server share the two cores).
/// One operation is one check.
/// </summary>
[MemoryDiagnoser]
public class CheckStreamBenchmarks
{
    public const int BatchSize = 10_000;
    public const int Streams = 2;
    public const int BatchesPerStream = 8;

    private HeedEnforcer _enforcer = null!;
    private CheckBatch[] _batches = [];
    private WebApplication? _server;
    private GrpcChannel? _channel;
    private int _next;

    [ParamsSource(nameof(RecordCounts))]
    public int Records { get; set; }

    /// <summary>10M records, or the comma list in <c>HEED_BENCH_RECORDS</c>.</summary>
    public static IEnumerable<int> RecordCounts() => CheckData.RecordCounts([10_000_000]);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _enforcer = new HeedEnforcer(TimeProvider.System, 0.1, TimeSpan.FromMilliseconds(50), DefaultTaxonomy.Create());
        CheckData.Fill(_enforcer.Replica.Table, Records, _enforcer.Replica.Taxonomy);
        _enforcer.Lease.Grant(TimeProvider.System.GetTimestamp(), TimeSpan.FromDays(1), requiredLsn: 0);
        _batches = CheckStreamData.Batches(Records, 64, BatchSize);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 16 * 1024 * 1024);
        builder.Services.AddSingleton<IDecisionSource>(_enforcer);
        _server = builder.Build();
        _server.MapGrpcService<HeedDecisionService>();
        await _server.StartAsync();
        _channel = GrpcChannel.ForAddress(_server.Urls.First(), new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int AnswerBatch()
    {
        CheckBatch batch = _batches[_next++ & 63];
        return HeedDecisionService.Answer(_enforcer.Replica, batch).Reasons.Length;
    }

    [Benchmark(OperationsPerInvoke = Streams * BatchesPerStream * BatchSize)]
    public async Task<int> OverGrpc()
    {
        var client = new Decisions.DecisionsClient(_channel!);
        Task<int>[] streams = new Task<int>[Streams];
        for (int s = 0; s < Streams; s++)
        {
            streams[s] = RunStreamAsync(client, s * BatchesPerStream);
        }

        int[] answered = await Task.WhenAll(streams);
        return answered.Sum();
    }

    private async Task<int> RunStreamAsync(Decisions.DecisionsClient client, int first)
    {
        using AsyncDuplexStreamingCall<CheckBatch, DecisionBatch> call = client.CheckStream();
        Task writer = WriteAllAsync(call.RequestStream, first);
        int answered = 0;
        while (await call.ResponseStream.MoveNext())
        {
            answered += call.ResponseStream.Current.Reasons.Length;
        }

        await writer;
        return answered;
    }

    private async Task WriteAllAsync(IClientStreamWriter<CheckBatch> requests, int first)
    {
        for (int b = 0; b < BatchesPerStream; b++)
        {
            await requests.WriteAsync(_batches[(first + b) & 63]);
        }

        await requests.CompleteAsync();
    }
}
