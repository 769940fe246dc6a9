using Grpc.Core;
using Grpc.Net.Client;
using Heed.Protocol.V1;
using Heed.Registry.Tests.Infrastructure;
using Heed.Registry.Tests.Replication;

namespace Heed.Registry.Tests.Hosting;

/// <summary>Kestrel's limits come from configuration (<c>Kestrel:Limits</c>), as operators set them.</summary>
public sealed class KestrelLimitsTests
{
    [Fact]
    public async Task MaxStreamsPerConnection_Configured_MoreReplicaSessionsThanTheDefaultOnOneConnection()
    {
        // Arrange: Kestrel's default is 100 streams per HTTP/2 connection; a client that multiplexes
        // sessions on one connection (EnableMultipleHttp2Connections off) gets no more than that.
        const int Sessions = 130;
        await using RegistryServer server = await RegistryServer.StartAsync(args: [$"--Kestrel:Limits:Http2:MaxStreamsPerConnection={Sessions}"]);
        using var channel = GrpcChannel.ForAddress(server.Handle.Endpoints.GrpcUrl, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false },
        });
        var client = new Heed.Protocol.V1.Replication.ReplicationClient(channel);
        var headers = new Metadata { { "authorization", "Bearer " + server.AdminKey } };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var calls = new List<AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage>>();

        try
        {
            // Act: every session says hello on the same connection.
            for (int i = 0; i < Sessions; i++)
            {
                calls.Add(client.Sync(headers, cancellationToken: cancel.Token));
            }

            Task<bool>[] welcomed = [.. calls.Select((call, i) => WelcomedAsync(call, i, cancel.Token))];
            bool[] answers = await Task.WhenAll(welcomed);

            // Assert
            answers.Count(a => a).ShouldBe(Sessions);
        }
        finally
        {
            await cancel.CancelAsync();
            foreach (AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage> call in calls)
            {
                call.Dispose();
            }
        }
    }

    private static async Task<bool> WelcomedAsync(AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage> call, int i, CancellationToken cancellationToken)
    {
        try
        {
            await call.RequestStream.WriteAsync(new ReplicaMessage { Hello = RawReplica.Hello(0, id: "multiplexed-" + i) }, cancellationToken);
            return await call.ResponseStream.MoveNext(cancellationToken) && call.ResponseStream.Current.BodyCase == RegistryMessage.BodyOneofCase.Welcome;
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            return false;
        }
    }
}
