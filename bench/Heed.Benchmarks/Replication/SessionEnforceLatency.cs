using System.Diagnostics;
using Grpc.Net.Client;

namespace Heed.Benchmarks.Replication;

/// <summary>
/// Write → enforced with thousands of replica sessions (docs/benchmarks.md): SESSIONS light sessions
/// (<see cref="SyncSession"/>) spread over CONNECTIONS HTTP/2 connections to a running registry, each renewing
/// its lease every heartbeat, while sequential opt-out writes are timed until their answer says
/// <c>enforced: true</c>. Afterwards every session must have applied the last write. The registry must
/// allow SESSIONS / CONNECTIONS streams per connection (Kestrel's default is 100); bench/run.sh sets it.
/// Usage: <c>enforce-sessions KEY_FILE REGISTRY_URL GRPC_URL SESSIONS CONNECTIONS WRITES [SECONDS=30]</c>: at most
/// WRITES writes, and none started SECONDS after the first.
/// </summary>
internal static class SessionEnforceLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (await RegistryArgs.ReadAsync(args, 7, "enforce-sessions KEY_FILE REGISTRY_URL GRPC_URL SESSIONS CONNECTIONS WRITES") is not { } common)
        {
            return 2;
        }

        string key = common.Key;
        int count = int.Parse(args[4]);
        int connections = int.Parse(args[5]);
        int writes = int.Parse(args[6]);
        TimeSpan limit = TimeSpan.FromSeconds(args.Length > 7 ? double.Parse(args[7]) : 30);
        GrpcChannel[] channels = [.. Enumerable.Range(0, connections).Select(_ => GrpcChannel.ForAddress(args[3], new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false },
        }))];
        var sessions = new SyncSession[count];
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            sessions[i] = new SyncSession(new Protocol.V1.Replication.ReplicationClient(channels[i % connections]), key, $"bench-session-{i}");
            _ = sessions[i].RunAsync(CancellationToken.None);
            if (i % 500 == 499)
            {
                await Task.Delay(50); // opened in waves, so the handshakes do not all queue at once
            }
        }

        while (sessions.Any(s => s.Grants == 0))
        {
            if (sessions.FirstOrDefault(s => s.Failure is not null) is { } failed)
            {
                Console.Error.WriteLine($"a session failed before its first lease: {failed.Failure!.Message}");
                return 1;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(120))
            {
                Console.Error.WriteLine($"{sessions.Count(s => s.Grants == 0)} of {count} sessions hold no lease after 120 s " +
                    $"(does the registry allow {(count + connections - 1) / connections} HTTP/2 streams per connection?)");
                return 1;
            }

            await Task.Delay(50);
        }

        Console.WriteLine($"{count} sessions on {connections} connections hold leases after {clock.Elapsed.TotalSeconds:0.0} s");
        using HttpClient client = WriteLatency.Client(common.Registry, key);
        var latency = new WriteLatency();
        long grantsBefore = sessions.Sum(s => s.Grants);
        var window = Stopwatch.StartNew();
        await latency.RunAsync(client, writes, warmUp: 5, limit: limit);
        window.Stop();
        long grants = sessions.Sum(s => s.Grants) - grantsBefore;
        int behind = sessions.Count(s => s.Applied < latency.LastLsn);
        int failures = sessions.Count(s => s.Failure is not null);
        Console.WriteLine($"write -> enforced everywhere, {count} replica sessions, sequential writes over HTTP; {clock.Elapsed.TotalSeconds:0.0} s in all");
        Console.WriteLine($"{latency.Summary()}  behind {behind}  failed {failures}  lease grants {grants / window.Elapsed.TotalSeconds:0}/s");

        // The figures are out. The sessions are not closed one by one: cancelling 10,000 streams takes
        // minutes on a busy machine, and the process ending closes the connections at once.
        return latency.NotEnforced == 0 && behind == 0 && failures == 0 && latency.Timed > 0 ? 0 : 1;
    }
}
