using Grpc.Core;
using Heed.Core.Replicas;
using Heed.Protocol;
using Heed.Protocol.V1;
using Heed.Registry.Hosting;
using Heed.Registry.Keys;
using Heed.Registry.State;
using Microsoft.Extensions.Logging;

namespace Heed.Registry.Replication;

/// <summary>
/// <c>heed.v1.Replication/Sync</c>: hello and welcome, a snapshot or a backlog, then changes in LSN order,
/// with lease requests, grants and acks on the same stream (DESIGN §8).
/// </summary>
public sealed partial class ReplicationService(
    RegistryState state,
    ChangeLog changes,
    LeaseCoordinator leases,
    RegistryOptions options,
    ILogger<ReplicationService> logger) : Heed.Protocol.V1.Replication.ReplicationBase
{
    private const int SnapshotChunk = 65_536;
    private static readonly string RegistryId = Guid.NewGuid().ToString("N");

    public override async Task Sync(IAsyncStreamReader<ReplicaMessage> requestStream, IServerStreamWriter<RegistryMessage> responseStream, ServerCallContext context)
    {
        Authorize(context);
        CancellationToken cancel = context.CancellationToken;
        if (!await requestStream.MoveNext(cancel) || requestStream.Current.BodyCase != ReplicaMessage.BodyOneofCase.Hello)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "the first message of a Sync stream must be Hello"));
        }

        Hello hello = requestStream.Current.Hello;
        if (hello.ProtocolVersion < options.MinProtocolVersion)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"replica protocol version {hello.ProtocolVersion} is below the registry's minimum {options.MinProtocolVersion} (the registry speaks {ProtocolVersions.Current}); upgrade the enforcement point"));
        }

        var info = new ReplicaInfo(Clip(hello.ReplicaId), Clip(hello.Kind), Clip(hello.Service), hello.ProtocolVersion, Clip(hello.SoftwareVersion));
        var session = new ReplicaSession(maxQueued: 100_000);
        CatchUp catchUp = changes.Subscribe(hello.AppliedLsn, session);
        ReplicaLease lease = leases.Open(info, catchUp.NeedsSnapshot ? 0 : hello.AppliedLsn);
        Log.Connected(logger, info.ReplicaId, info.Kind, info.Service, hello.AppliedLsn, catchUp.Head, catchUp.NeedsSnapshot);

        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        Task writer = WriteAsync(responseStream, session, catchUp, done.Token);
        try
        {
            while (await requestStream.MoveNext(done.Token))
            {
                ReplicaMessage message = requestStream.Current;
                switch (message.BodyCase)
                {
                    case ReplicaMessage.BodyOneofCase.LeaseRequest:
                        long required = leases.Grant(lease, message.LeaseRequest.AppliedLsn, new ReplicaMemory(message.LeaseRequest.Records, message.LeaseRequest.TableBytes));
                        session.Post(new LeaseGrant { Seq = message.LeaseRequest.Seq, LeaseMs = (long)leases.Lease.TotalMilliseconds, RequiredLsn = required });
                        break;
                    case ReplicaMessage.BodyOneofCase.Ack:
                        leases.Ack(lease, message.Ack.AppliedLsn);
                        break;
                }

                if (writer.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException || (ex is RpcException rpc && rpc.StatusCode == StatusCode.Cancelled))
        {
            // The replica went away; its lease runs out on its own.
        }
        finally
        {
            changes.Unsubscribe(session);
            leases.Close(lease);
            session.Complete();
            await done.CancelAsync();
            try
            {
                await writer;
            }
            catch (Exception ex)
            {
                Log.StreamEnded(logger, info.ReplicaId, ex);
            }
        }
    }

    private async Task WriteAsync(IServerStreamWriter<RegistryMessage> stream, ReplicaSession session, CatchUp catchUp, CancellationToken cancel)
    {
        var welcome = new Welcome
        {
            RegistryId = RegistryId,
            ProtocolVersion = ProtocolVersions.Current,
            HeadLsn = catchUp.Head,
            SnapshotFollows = catchUp.NeedsSnapshot,
            LeaseMs = (long)options.Lease.TotalMilliseconds,
            HeartbeatMs = (long)options.Heartbeat.TotalMilliseconds,
        };
        foreach (Heed.Core.Purposes.Purpose p in state.Taxonomy.All.Where(p => p.Bit >= 0).OrderBy(p => p.Bit))
        {
            while (welcome.Purposes.Count < p.Bit)
            {
                welcome.Purposes.Add(string.Empty);
            }

            welcome.Purposes.Add(p.Name);
        }

        await stream.WriteAsync(new RegistryMessage { Welcome = welcome }, cancel);
        if (catchUp.NeedsSnapshot)
        {
            await WriteSnapshotAsync(stream, catchUp.Head, cancel);
        }

        foreach (ChangeBatch batch in catchUp.Backlog)
        {
            await stream.WriteAsync(new RegistryMessage { Changes = batch }, cancel);
        }

        await foreach (RegistryMessage message in session.Outgoing.ReadAllAsync(cancel))
        {
            session.Dequeued();
            await stream.WriteAsync(message, cancel);
        }
    }

    private async Task WriteSnapshotAsync(IServerStreamWriter<RegistryMessage> stream, long lsn, CancellationToken cancel)
    {
        ReplicaTable.Scanner scanner = state.Replica.Table.Scan();
        long total = state.Replica.Table.Count; // live subjects only: cleared slots are not shipped
        ulong[] keys = new ulong[SnapshotChunk];
        ulong[] masks = new ulong[SnapshotChunk];
        while (true)
        {
            int n = scanner.Read(keys, masks);
            var chunk = new SnapshotChunk { Lsn = lsn, Total = total, Last = n < SnapshotChunk };
            chunk.Keys.AddRange(keys.AsSpan(0, n).ToArray());
            chunk.Masks.AddRange(masks.AsSpan(0, n).ToArray());
            await stream.WriteAsync(new RegistryMessage { Snapshot = chunk }, cancel);
            if (chunk.Last)
            {
                return;
            }
        }
    }

    private void Authorize(ServerCallContext context) => GrpcKeyAuthorization.RequireEnforcer(state, context, "replicate");

    private static string Clip(string value) => value.Length <= 128 ? value : value[..128];
}
