using Heed.Storage.GroupCommit;
using Heed.Storage.Ledger;
using Microsoft.Extensions.Hosting;

namespace Heed.Registry.Hosting;

/// <summary>Closes the writer, then the store, after the server has stopped taking requests.</summary>
public sealed class RegistryLifetime(GroupCommitWriter writer, ILedgerStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await writer.DisposeAsync();
        await store.DisposeAsync();
    }
}
