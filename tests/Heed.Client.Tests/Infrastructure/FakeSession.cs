using System.Threading.Channels;
using Heed.Protocol.V1;

namespace Heed.Client.Tests.Infrastructure;

/// <summary>One Sync stream as the fake registry sees it: the test reads what the replica sent and
/// scripts what the registry answers.</summary>
public sealed class FakeSession(Hello hello)
{
    private readonly Channel<RegistryMessage> _out = Channel.CreateUnbounded<RegistryMessage>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<ReplicaMessage.BodyOneofCase, Channel<ReplicaMessage>> _byKind = new()
    {
        [ReplicaMessage.BodyOneofCase.LeaseRequest] = Channel.CreateUnbounded<ReplicaMessage>(),
        [ReplicaMessage.BodyOneofCase.Ack] = Channel.CreateUnbounded<ReplicaMessage>(),
    };

    public Hello Hello { get; } = hello;

    internal ChannelReader<RegistryMessage> Outgoing => _out.Reader;

    internal void Receive(ReplicaMessage message)
    {
        if (_byKind.TryGetValue(message.BodyCase, out Channel<ReplicaMessage>? channel))
        {
            channel.Writer.TryWrite(message);
        }
    }

    public void Send(RegistryMessage message) => _out.Writer.TryWrite(message);

    /// <summary>Ends the stream from the registry's side, as a clean close.</summary>
    public void End() => _out.Writer.TryComplete();

    /// <summary>The next message of <paramref name="kind"/> (each kind queues on its own, so none is lost).</summary>
    public async Task<ReplicaMessage> NextAsync(ReplicaMessage.BodyOneofCase kind, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Waits.Default);
        return await _byKind[kind].Reader.ReadAsync(cts.Token);
    }

    public async Task<LeaseRequest> NextLeaseRequestAsync() => (await NextAsync(ReplicaMessage.BodyOneofCase.LeaseRequest)).LeaseRequest;

    public async Task<Ack> NextAckAsync() => (await NextAsync(ReplicaMessage.BodyOneofCase.Ack)).Ack;

    /// <summary>Completes when the replica's side of the stream is gone.</summary>
    public Task Closed => _closed.Task;

    internal void CompleteIncoming() => _closed.TrySetResult();
}
