using System.Threading.Channels;
using Heed.Protocol.V1;

namespace Heed.Registry.Replication;

/// <summary>
/// The outgoing side of one replica stream: change batches from the <see cref="ChangeLog"/> and lease
/// grants, in one queue drained by one writer (gRPC streams take one write at a time). If the replica
/// cannot keep up, the session is cut rather than let the queue grow without bound.
/// </summary>
public sealed class ReplicaSession(int maxQueued) : IChangeSink
{
    private readonly Channel<RegistryMessage> _out = Channel.CreateUnbounded<RegistryMessage>(new UnboundedChannelOptions { SingleReader = true });
    private int _queued;

    public ChannelReader<RegistryMessage> Outgoing => _out.Reader;

    public void Post(ChangeBatch batch) => Enqueue(new RegistryMessage { Changes = batch });

    public void Post(LeaseGrant grant) => Enqueue(new RegistryMessage { LeaseGrant = grant });

    public void Dequeued() => Interlocked.Decrement(ref _queued);

    public void Complete(Exception? error = null) => _out.Writer.TryComplete(error);

    private void Enqueue(RegistryMessage message)
    {
        if (Interlocked.Increment(ref _queued) > maxQueued)
        {
            Complete(new InvalidOperationException($"the replica fell more than {maxQueued} messages behind"));
            return;
        }

        _out.Writer.TryWrite(message);
    }
}
