using Microsoft.Extensions.Logging;

namespace Heed.Registry.Replication;

public sealed partial class ReplicationService
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "replica {ReplicaId} ({Kind}, {Service}) connected at LSN {Applied}; head {Head}, snapshot {Snapshot}")]
        public static partial void Connected(ILogger logger, string replicaId, string kind, string service, long applied, long head, bool snapshot);

        [LoggerMessage(2, LogLevel.Information, "replica {ReplicaId} stream ended")]
        public static partial void StreamEnded(ILogger logger, string replicaId, Exception error);

        [LoggerMessage(3, LogLevel.Warning, "replica {ReplicaId} at LSN {Applied} follows another history ({Why}); it gets a snapshot and replaces its table")]
        public static partial void OtherHistory(ILogger logger, string replicaId, long applied, string why);

        [LoggerMessage(4, LogLevel.Warning, "replica {ReplicaId}: its key {KeyId} was revoked; the stream ends")]
        public static partial void KeyRevoked(ILogger logger, string replicaId, string keyId);

        [LoggerMessage(5, LogLevel.Warning, "replica {ReplicaId} refused at hello: {Why}")]
        public static partial void Refused(ILogger logger, string replicaId, string why);

        [LoggerMessage(6, LogLevel.Warning, "replica {ReplicaId}: the minimum protocol version was raised above its own; the stream ends: {Why}")]
        public static partial void Outdated(ILogger logger, string replicaId, string why);
    }
}
