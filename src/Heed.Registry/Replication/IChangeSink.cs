using Heed.Protocol.V1;

namespace Heed.Registry.Replication;

/// <summary>Where <see cref="ChangeLog"/> posts batches; must not block.</summary>
public interface IChangeSink
{
    void Post(ChangeBatch batch);
}
