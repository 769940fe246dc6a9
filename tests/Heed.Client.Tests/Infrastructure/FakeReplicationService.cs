using Grpc.Core;
using Heed.Protocol.V1;

namespace Heed.Client.Tests.Infrastructure;

/// <summary>The registry side of Sync, driven by the test through <see cref="FakeSession"/>.</summary>
public sealed class FakeReplicationService(FakeRegistry registry) : Protocol.V1.Replication.ReplicationBase
{
    public override async Task Sync(IAsyncStreamReader<ReplicaMessage> requestStream, IServerStreamWriter<RegistryMessage> responseStream, ServerCallContext context)
    {
        CancellationToken cancel = context.CancellationToken;
        if (!await requestStream.MoveNext(cancel))
        {
            return;
        }

        Hello hello = requestStream.Current.Hello;
        registry.Authorization.Add(context.RequestHeaders.GetValue("authorization") ?? string.Empty);
        registry.Hellos.Writer.TryWrite(hello);
        if (registry.Refusal is { } refusal)
        {
            throw new RpcException(refusal);
        }

        var session = new FakeSession(hello);
        Task pump = PumpAsync(requestStream, session, cancel);
        registry.Sessions.Writer.TryWrite(session);
        try
        {
            await foreach (RegistryMessage message in session.Outgoing.ReadAllAsync(cancel))
            {
                await responseStream.WriteAsync(message, cancel);
            }
        }
        catch (OperationCanceledException)
        {
        }

        // Returning ends the call; the pump sees the end of the replica's stream.
        _ = pump;
    }

    private static async Task PumpAsync(IAsyncStreamReader<ReplicaMessage> requestStream, FakeSession session, CancellationToken cancel)
    {
        try
        {
            while (await requestStream.MoveNext(cancel))
            {
                session.Receive(requestStream.Current);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or RpcException or InvalidOperationException)
        {
        }
        finally
        {
            session.CompleteIncoming();
        }
    }
}
