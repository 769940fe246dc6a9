using Heed.Registry.Api.Contracts;

namespace Heed.Cli.Import;

/// <summary>What an import needs from the registry; tests substitute a fake that records writes.</summary>
public interface IImportTarget
{
    Task<PurposesResponse> GetPurposesAsync(CancellationToken cancellationToken);

    /// <summary>Sends one serialized <c>POST /v1/optouts/batch</c> body; all of it is written or none.</summary>
    Task<BatchWriteResponse> WriteBatchAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}
