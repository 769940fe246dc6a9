using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Heed.Protocol;
using Heed.Protocol.V1;
using Heed.Registry.State;

namespace Heed.Registry.Tests.Replication;

/// <summary>
/// A replica speaking the wire protocol by hand, so tests choose exactly what it sends and when
/// (hold a lease without acking, resume from a chosen LSN). Received messages queue up for
/// <see cref="NextAsync"/>; the stream's end or error surfaces there.
/// </summary>
internal sealed class RawReplica : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage> _call;
    private readonly Channel<RegistryMessage> _received = Channel.CreateUnbounded<RegistryMessage>();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Task _reader;

    private RawReplica(GrpcChannel channel, AsyncDuplexStreamingCall<ReplicaMessage, RegistryMessage> call)
    {
        _channel = channel;
        _call = call;
        _reader = ReadAsync();
    }

    public static RawReplica Connect(string grpcUrl, string? key)
    {
        var channel = GrpcChannel.ForAddress(grpcUrl, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        var headers = new Metadata();
        if (key is not null)
        {
            headers.Add("authorization", "Bearer " + key);
        }

        var client = new Heed.Protocol.V1.Replication.ReplicationClient(channel);
        return new RawReplica(channel, client.Sync(headers));
    }

    public static Hello Hello(long applied, string id = "raw-replica", string kind = "sidecar", string service = "tests", uint version = ProtocolVersions.Current, string ledgerId = "", ByteString? chainHash = null) => new()
    {
        ReplicaId = id,
        Kind = kind,
        Service = service,
        ProtocolVersion = version,
        AppliedLsn = applied,
        SoftwareVersion = "raw/1",
        LedgerId = ledgerId,
        ChainHash = chainHash ?? ByteString.Empty,
    };

    /// <summary>A Hello from a replica that has applied the head of <paramref name="state"/>'s own history.</summary>
    public static Hello AtHead(RegistryState state, string id = "raw-replica") =>
        Hello(state.Head, id, ledgerId: state.LedgerId, chainHash: ByteString.CopyFrom(state.ChainHash));

    public async Task SendAsync(ReplicaMessage message)
    {
        await _sending.WaitAsync();
        try
        {
            await _call.RequestStream.WriteAsync(message);
        }
        finally
        {
            _sending.Release();
        }
    }

    public Task SendAsync(Hello hello) => SendAsync(new ReplicaMessage { Hello = hello });

    public Task RequestLeaseAsync(ulong seq, long applied) => SendAsync(new ReplicaMessage { LeaseRequest = new LeaseRequest { Seq = seq, AppliedLsn = applied } });

    public Task AckAsync(long applied) => SendAsync(new ReplicaMessage { Ack = new Ack { AppliedLsn = applied } });

    /// <summary>The next message; throws the stream's <see cref="RpcException"/> if it failed.</summary>
    public async Task<RegistryMessage> NextAsync()
    {
        if (await _received.Reader.WaitToReadAsync().AsTask().WaitAsync(Timeout) && _received.Reader.TryRead(out RegistryMessage? message))
        {
            return message;
        }

        throw new InvalidOperationException("the registry ended the stream");
    }

    /// <summary>Skips messages until one of <paramref name="body"/>'s kind arrives.</summary>
    public async Task<RegistryMessage> NextAsync(RegistryMessage.BodyOneofCase body)
    {
        while (true)
        {
            RegistryMessage message = await NextAsync();
            if (message.BodyCase == body)
            {
                return message;
            }
        }
    }

    /// <summary>
    /// Asks for a lease claiming <paramref name="applied"/> and renews on every grant until a change batch
    /// has arrived and a grant requiring more than <paramref name="head"/> answers the latest request: that
    /// lease was granted after the change was written, so it alone holds acknowledgement back for a full
    /// lease unless the registry counts the claim.
    /// </summary>
    public async Task RenewUntilGrantAfterChangeAsync(ulong seq, long applied, long head)
    {
        await RequestLeaseAsync(++seq, applied);
        bool changed = false;
        while (true)
        {
            RegistryMessage message = await NextAsync();
            if (message.BodyCase == RegistryMessage.BodyOneofCase.Changes)
            {
                changed = true;
            }
            else if (message.BodyCase == RegistryMessage.BodyOneofCase.LeaseGrant)
            {
                if (message.LeaseGrant.Seq == seq && changed && message.LeaseGrant.RequiredLsn > head)
                {
                    return;
                }

                await RequestLeaseAsync(++seq, applied);
            }
        }
    }

    /// <summary>Ends the request stream, as a replica that goes away cleanly does.</summary>
    public Task CompleteAsync() => _call.RequestStream.CompleteAsync();

    public async ValueTask DisposeAsync()
    {
        _call.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception)
        {
            // Disposing cancels the call; how the reader ended is not this test's business.
        }

        _channel.Dispose();
        _sending.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (RegistryMessage message in _call.ResponseStream.ReadAllAsync())
            {
                await _received.Writer.WriteAsync(message);
            }

            _received.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _received.Writer.TryComplete(ex);
        }
    }
}
