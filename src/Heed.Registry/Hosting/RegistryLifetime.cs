using Heed.Registry.Audit;
using Heed.Storage.GroupCommit;
using Heed.Storage.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Heed.Registry.Hosting;

/// <summary>
/// Reports the writer's store errors and recoveries in the log while the registry runs; once the server
/// has stopped taking requests, closes the writer, keeps the audit log's last checkpoint, closes the store, then releases
/// the data directory.
/// </summary>
public sealed partial class RegistryLifetime(GroupCommitWriter writer, ILedgerStore store, AuditLog audit, StoreOwnership ownership, ILogger<RegistryLifetime> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        writer.StatusChanged += OnWriterStatus;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        writer.StatusChanged -= OnWriterStatus;
        await writer.DisposeAsync();
        await audit.StopAsync();
        await store.DisposeAsync();
        ownership.Dispose();
    }

    private void OnWriterStatus(WriterStatus status)
    {
        if (status.TakingWrites)
        {
            Log.TakingWrites(logger);
        }
        else if (status.Final)
        {
            Log.Stopped(logger, status.Reason, status.Error);
        }
        else if (status.FailedAttempts == 0)
        {
            Log.Refusing(logger, status.Reason, status.Error);
        }
        else if ((status.FailedAttempts & (status.FailedAttempts - 1)) == 0)
        {
            // Attempts 1, 2, 4, 8…: a store that stays down is reported ever more sparsely, not every few seconds.
            Log.StillFailing(logger, status.FailedAttempts, status.Reason);
        }
    }
}
