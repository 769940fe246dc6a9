using Grpc.Core;
using Heed.Protocol;
using Heed.Protocol.V1;

namespace Heed.Benchmarks.Replication;

/// <summary>
/// One replica session at its lightest, for measuring the registry with thousands of them: the SDK's
/// protocol (Hello, snapshot, changes in LSN order with an ack each, a lease request every heartbeat)
/// without a table. It applies nothing but the LSN; a gap in the changes ends it, as in the SDK.
/// </summary>
internal sealed class SyncSession(Protocol.V1.Replication.ReplicationClient client, string key, string id)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private long _applied;
    private long _grants;

    public long Applied => Volatile.Read(ref _applied);

    public long Grants => Interlocked.Read(ref _grants);

    /// <summary>Set when the stream failed; null while it runs or after a clean stop.</summary>
    public Exception? Failure { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            using AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage> call =
                client.Sync(new Metadata { { "authorization", "Bearer " + key } }, cancellationToken: session.Token);
            await WriteAsync(call, new ReplicaMessage
            {
                Hello = new Hello { ReplicaId = id, Kind = ReplicaKinds.Sdk, Service = "bench-sessions", ProtocolVersion = ProtocolVersions.Current },
            }, session.Token);
            if (!await call.ResponseStream.MoveNext(session.Token) || call.ResponseStream.Current.BodyCase != RegistryMessage.BodyOneofCase.Welcome)
            {
                throw new InvalidOperationException("the registry sent no welcome");
            }

            Task heartbeat = HeartbeatAsync(call, TimeSpan.FromMilliseconds(call.ResponseStream.Current.Welcome.HeartbeatMs), session.Token);
            try
            {
                await ReceiveAsync(call, session.Token);
            }
            finally
            {
                await session.CancelAsync();
                await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException("the registry ended the stream");
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Failure = ex;
        }
    }

    private async Task ReceiveAsync(AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage> call, CancellationToken cancellationToken)
    {
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            RegistryMessage message = call.ResponseStream.Current;
            switch (message.BodyCase)
            {
                case RegistryMessage.BodyOneofCase.Snapshot when message.Snapshot.Last:
                    Volatile.Write(ref _applied, message.Snapshot.Lsn);
                    await AckAsync(call, message.Snapshot.Lsn, cancellationToken);
                    break;
                case RegistryMessage.BodyOneofCase.Changes:
                    if (message.Changes.PrevLsn != _applied)
                    {
                        throw new InvalidOperationException($"a gap in the changes: at {_applied}, got a batch after {message.Changes.PrevLsn}");
                    }

                    Volatile.Write(ref _applied, message.Changes.LastLsn);
                    await AckAsync(call, message.Changes.LastLsn, cancellationToken);
                    break;
                case RegistryMessage.BodyOneofCase.LeaseGrant:
                    Interlocked.Increment(ref _grants);
                    break;
            }
        }
    }

    private async Task HeartbeatAsync(AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage> call, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        ulong seq = 0;
        do
        {
            await WriteAsync(call, new ReplicaMessage { LeaseRequest = new LeaseRequest { Seq = ++seq, AppliedLsn = Applied } }, cancellationToken);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private Task AckAsync(AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage> call, long applied, CancellationToken cancellationToken) =>
        WriteAsync(call, new ReplicaMessage { Ack = new Ack { AppliedLsn = applied } }, cancellationToken);

    private async Task WriteAsync(AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage> call, ReplicaMessage message, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await call.RequestStream.WriteAsync(message, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
