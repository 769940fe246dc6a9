using Microsoft.Extensions.Logging;

namespace Heed.Client.Replication;

/// <summary>Source-generated log messages of the replica. Subjects are never logged.</summary>
internal static partial class ReplicationLog
{
    [LoggerMessage(1, LogLevel.Information, "Heed replica {ReplicaId} connected to {Registry}: head {Head}, applied {Applied}, snapshot {Snapshot}, lease {LeaseMs} ms, heartbeat {HeartbeatMs} ms")]
    public static partial void Connected(ILogger logger, string replicaId, string registry, long head, long applied, bool snapshot, long leaseMs, long heartbeatMs);

    [LoggerMessage(2, LogLevel.Warning, "Heed replica lost the registry stream; failing closed and reconnecting in {Delay}: {Reason}")]
    public static partial void Disconnected(ILogger logger, TimeSpan delay, string reason);

    [LoggerMessage(3, LogLevel.Error, "Heed replica refused; checks answer 'unconfirmed' until this is fixed. Next attempt in {Delay}. {Reason}")]
    public static partial void Refused(ILogger logger, TimeSpan delay, string reason);

    [LoggerMessage(4, LogLevel.Information, "Heed replica loaded a snapshot of {Count} subjects at LSN {Lsn}")]
    public static partial void SnapshotLoaded(ILogger logger, long count, long lsn);

    [LoggerMessage(5, LogLevel.Warning, "Heed replica's applied LSN {Applied} is ahead of the registry's head {Head}: the registry's history changed; starting over from an empty copy")]
    public static partial void HistoryChanged(ILogger logger, long applied, long head);

    [LoggerMessage(7, LogLevel.Warning, "Heed replica followed ledger {Followed} but the registry's is {Ledger} (a replaced data directory?); starting over from an empty copy")]
    public static partial void OtherLedger(ILogger logger, string followed, string ledger);

    [LoggerMessage(8, LogLevel.Information, "Heed replica uses the replication stream at {Grpc} for the registry {Registry}")]
    public static partial void Resolved(ILogger logger, string registry, string grpc);

    [LoggerMessage(9, LogLevel.Error, "Heed replica cannot replicate: {Reason}. Checks answer 'unconfirmed'; pass the registry's HTTP address (e.g. http://registry:8080) as the registry URL. Retrying with backoff")]
    public static partial void NotARegistry(ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Debug, "Heed replica ignored a lease grant for unknown request {Seq}")]
    public static partial void UnknownGrant(ILogger logger, ulong seq);
}
