using System.Runtime.CompilerServices;
using Grpc.Core;
using Heed.Client.Enforcement;
using Heed.Core.Replicas;
using Heed.Protocol.V1;
using Microsoft.Extensions.Logging;

namespace Heed.Client.Replication;

/// <summary>
/// One replication stream: Hello, Welcome, then a read loop that applies snapshots and changes (and
/// acks them) beside a heartbeat loop that asks for leases. Ends only by throwing: the caller revokes
/// the lease and reconnects. Writes from both loops go through one lock, as gRPC allows one writer.
/// </summary>
internal sealed class ReplicaSession
{
    private readonly Protocol.V1.Replication.ReplicationClient _client;
    private readonly HeedEnforcer _enforcer;
    private readonly SessionSettings _settings;
    private readonly string _registry;
    private readonly ILogger _logger;
    private readonly LeaseRequestLog _requests = new();
    private readonly ReplicaApplier _applier;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public ReplicaSession(Protocol.V1.Replication.ReplicationClient client, HeedEnforcer enforcer, SessionSettings settings, string registry, ILogger logger)
    {
        _client = client;
        _enforcer = enforcer;
        _settings = settings;
        _registry = registry;
        _logger = logger;
        _applier = new ReplicaApplier(enforcer, _requests, settings, logger);
    }

    /// <summary>True once the registry welcomed this session.</summary>
    public bool Welcomed { get; private set; }

    /// <summary>True once the session held a lease: it worked, so the next reconnect need not back off.</summary>
    public bool HeldLease => _applier.Grants > 0;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var headers = new Metadata { { "authorization", "Bearer " + _settings.Key } };
        Task heartbeat = Task.CompletedTask;
        AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage>? call = null;
        try
        {
            call = _client.Sync(headers, cancellationToken: session.Token);
            long applied = _enforcer.AppliedLsn;
            LedgerPosition position = _enforcer.Position;
            await WriteAsync(call, new ReplicaMessage
            {
                Hello = new Hello
                {
                    ReplicaId = _settings.ReplicaId,
                    Kind = _settings.Kind,
                    Service = _settings.Service,
                    ProtocolVersion = _settings.ProtocolVersion,
                    AppliedLsn = applied,
                    SoftwareVersion = _settings.SoftwareVersion,
                    LedgerId = position.LedgerId,
                    ChainHash = position.ChainHash,
                },
            }, session.Token).ConfigureAwait(false);

            if (!await call.ResponseStream.MoveNext(session.Token).ConfigureAwait(false))
            {
                throw new HeedConnectionException("the registry closed the stream before its welcome");
            }

            if (call.ResponseStream.Current.BodyCase != RegistryMessage.BodyOneofCase.Welcome)
            {
                throw new HeedConnectionException($"protocol error from the registry: the first message is {call.ResponseStream.Current.BodyCase}, not a welcome");
            }

            Welcome welcome = call.ResponseStream.Current.Welcome;
            _applier.OnWelcome(welcome);
            Welcomed = true;
            _enforcer.MarkConnected(true);
            ReplicationLog.Connected(_logger, _settings.ReplicaId, _registry, welcome.HeadLsn, applied, welcome.SnapshotFollows, welcome.LeaseMs, welcome.HeartbeatMs);

            var heartbeatError = new StrongBox<Exception>();
            heartbeat = HeartbeatAsync(call, welcome, heartbeatError, session);
            try
            {
                await ReceiveAsync(call, session.Token).ConfigureAwait(false);
            }
            catch (Exception) when (heartbeatError.Value is not null)
            {
                // The heartbeat loop cancelled the session; its error is the cause.
            }

            throw heartbeatError.Value ?? new HeedConnectionException("the registry ended the stream");
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (RpcException ex)
        {
            throw Translate(ex);
        }
        finally
        {
            // Fail closed the moment the stream is gone; waiting for expiry would also be safe, but later.
            _enforcer.Lease.Revoke();
            await session.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            call?.Dispose();
            _enforcer.MarkConnected(false);
        }
    }

    private static HeedException Translate(RpcException ex) => ex.StatusCode switch
    {
        // The registry refuses old protocol versions with FailedPrecondition and a message naming both
        // versions; a bad key is Unauthenticated or PermissionDenied. None of these heal by retrying soon.
        StatusCode.FailedPrecondition or StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.Unimplemented
            => new HeedRefusedException($"the registry refused this replica ({ex.StatusCode}): {ex.Status.Detail}", ex),
        _ => new HeedConnectionException($"the replication stream failed ({ex.StatusCode}): {ex.Status.Detail}", ex),
    };

    private async Task ReceiveAsync(AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage> call, CancellationToken cancellationToken)
    {
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            RegistryMessage message = call.ResponseStream.Current;
            switch (message.BodyCase)
            {
                case RegistryMessage.BodyOneofCase.Snapshot:
                    _applier.OnSnapshot(message.Snapshot);
                    if (message.Snapshot.Last)
                    {
                        await AckAsync(call, message.Snapshot.Lsn, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case RegistryMessage.BodyOneofCase.Changes:
                    long applied = _applier.OnChanges(message.Changes);
                    await AckAsync(call, applied, cancellationToken).ConfigureAwait(false);
                    break;
                case RegistryMessage.BodyOneofCase.LeaseGrant:
                    _applier.OnGrant(message.LeaseGrant);
                    break;
                case RegistryMessage.BodyOneofCase.Welcome:
                    throw new HeedConnectionException("protocol error from the registry: a second welcome");
                default:
                    // A message a newer registry knows and this replica does not: safe to skip, since
                    // anything that changes what checks answer travels as snapshots or changes.
                    break;
            }
        }
    }

    private async Task HeartbeatAsync(AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage> call, Welcome welcome, StrongBox<Exception> error, CancellationTokenSource session)
    {
        TimeProvider time = _enforcer.Time;
        TimeSpan interval = TimeSpan.FromMilliseconds(welcome.HeartbeatMs);

        // A registry that stops granting while the stream looks open is as good as gone: after this long
        // without a grant the lease has lapsed anyway, so reconnect instead of waiting on TCP.
        TimeSpan silence = TimeSpan.FromMilliseconds(Math.Max(welcome.LeaseMs, 3 * welcome.HeartbeatMs));
        try
        {
            using var timer = new PeriodicTimer(interval, time);
            do
            {
                if (time.GetElapsedTime(_applier.LastGrantAt) > silence)
                {
                    throw new HeedConnectionException($"no lease grant from the registry for {silence.TotalMilliseconds:0} ms");
                }

                long sentAt = time.GetTimestamp();
                ulong seq = _requests.Record(sentAt);
                ReplicaState state = _enforcer.Replica;
                ReplicaTable table = state.Table;
                var lease = new LeaseRequest { Seq = seq, AppliedLsn = _enforcer.AppliedLsn, Records = table.Count, TableBytes = table.AllocatedBytes };
                foreach (Core.Overrides.OverrideCount count in state.Overrides.Counts())
                {
                    lease.OverrideCounts.Add(new OverrideCount { Id = count.Id, Allowed = count.Allowed });
                }

                var request = new ReplicaMessage { LeaseRequest = lease };
                await WriteAsync(call, request, session.Token).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(session.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            error.Value = ex is RpcException rpc ? Translate(rpc) : ex;
            await session.CancelAsync().ConfigureAwait(false);
        }
    }

    private Task AckAsync(AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage> call, long applied, CancellationToken cancellationToken) =>
        WriteAsync(call, new ReplicaMessage { Ack = new Ack { AppliedLsn = applied } }, cancellationToken);

    private async Task WriteAsync(AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage> call, ReplicaMessage message, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
