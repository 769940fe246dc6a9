using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;

namespace Heed.Cli.Import;

/// <summary>The real registry behind an import.</summary>
public sealed class RegistryImportTarget(RegistryClient client) : IImportTarget
{
    public Task<PurposesResponse> GetPurposesAsync(CancellationToken cancellationToken) =>
        client.GetAsync("v1/purposes", RegistryJsonContext.Default.PurposesResponse, cancellationToken);

    public Task<BatchWriteResponse> WriteBatchAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        client.PostJsonAsync("v1/optouts/batch", body, RegistryJsonContext.Default.BatchWriteResponse, cancellationToken);
}
