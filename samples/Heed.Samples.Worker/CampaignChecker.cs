using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Heed.Core.Decisions;
using Heed.Protocol.V1;
using Microsoft.Extensions.Options;

namespace Heed.Samples.Worker;

/// <summary>
/// Sends the subjects in batches on one CheckStream call and prints one line per subject:
/// <c>allowed user:1</c> or <c>denied user:2 opted_out</c>.
/// </summary>
internal sealed class CampaignChecker(IOptions<WorkerOptions> options, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        WorkerOptions o = options.Value;
        using GrpcChannel channel = GrpcChannel.ForAddress(o.Endpoint!);
        var client = new Decisions.DecisionsClient(channel);
        var headers = new Metadata();
        if (!string.IsNullOrEmpty(o.Key))
        {
            headers.Add("authorization", "Bearer " + o.Key);
        }

        do
        {
            string[] subjects = (await File.ReadAllLinesAsync(o.Subjects!, stoppingToken))
                .Where(line => line.Length > 0).ToArray();
            int allowed = await CheckAllAsync(client, headers, subjects, o, stoppingToken);
            Console.WriteLine($"checked {subjects.Length} subjects for {o.Purpose}: {allowed} allowed, {subjects.Length - allowed} denied");
            if (o.Once)
            {
                break;
            }

            await Task.Delay(o.Interval, stoppingToken);
        }
        while (!stoppingToken.IsCancellationRequested);

        lifetime.StopApplication();
    }

    private static async Task<int> CheckAllAsync(Decisions.DecisionsClient client, Metadata headers, string[] subjects, WorkerOptions o, CancellationToken ct)
    {
        using AsyncDuplexStreamingCall<CheckBatch, DecisionBatch> call = client.CheckStream(headers, cancellationToken: ct);
        int allowed = 0;
        for (int start = 0; start < subjects.Length; start += o.BatchSize)
        {
            string[] chunk = subjects[start..Math.Min(start + o.BatchSize, subjects.Length)];
            var batch = new CheckBatch
            {
                Id = (ulong)start,
                Subjects = ByteString.CopyFrom(string.Concat(chunk.Select(s => s + "\n")), Encoding.UTF8),
                PurposeIndex = ByteString.CopyFrom(new byte[chunk.Length]),   // every check uses purposes[0]
                Service = "campaign-worker",
            };
            batch.Purposes.Add(o.Purpose);
            await call.RequestStream.WriteAsync(batch, ct);

            // Answers come back in order, one reason byte per check.
            if (!await call.ResponseStream.MoveNext(ct))
            {
                throw new InvalidOperationException("the CheckStream ended before answering");
            }

            ReadOnlySpan<byte> reasons = call.ResponseStream.Current.Reasons.Span;
            for (int i = 0; i < chunk.Length; i++)
            {
                // Each byte is a DecisionReason; only Allowed, Essential and Override allow (fail closed).
                var reason = (DecisionReason)reasons[i];
                bool ok = DecisionReasons.IsAllow(reason);
                allowed += ok ? 1 : 0;
                Console.WriteLine(ok ? $"allowed {chunk[i]}" : $"denied {chunk[i]} {DecisionReasons.ToWire(reason)}");
            }
        }

        await call.RequestStream.CompleteAsync();
        return allowed;
    }
}
