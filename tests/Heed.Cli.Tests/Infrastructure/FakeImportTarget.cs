using System.Collections.Concurrent;
using System.Text.Json;
using Heed.Cli.Import;
using Heed.Core.Purposes;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;

namespace Heed.Cli.Tests.Infrastructure;

/// <summary>A registry stand-in with the default taxonomy that records every batch written to it.</summary>
public sealed class FakeImportTarget : IImportTarget
{
    private readonly ConcurrentQueue<BatchWriteRequest> _batches = new();
    private int _calls;

    /// <summary>The batches written, decoded; in completion order.</summary>
    public IReadOnlyList<BatchWriteRequest> Batches => [.. _batches];

    /// <summary>Called with the 0-based call number before a write; return an exception to fail that write.</summary>
    public Func<int, Exception?>? Fail { get; init; }

    /// <summary>Awaited by every write after it is counted in flight: lets a test hold writes open.</summary>
    public Func<Task>? Hold { get; init; }

    private int _inFlight;
    private int _maxInFlight;

    /// <summary>The most writes that were in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static PurposesResponse DefaultPurposes { get; } = new(
        [.. DefaultTaxonomy.Create().All.Select(PurposeView.Of)]);

    public Task<PurposesResponse> GetPurposesAsync(CancellationToken cancellationToken) => Task.FromResult(DefaultPurposes);

    public async Task<BatchWriteResponse> WriteBatchAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        int call = Interlocked.Increment(ref _calls) - 1;
        if (Fail?.Invoke(call) is { } failure)
        {
            throw failure;
        }

        InterlockedMax(ref _maxInFlight, Interlocked.Increment(ref _inFlight));
        try
        {
            if (Hold is not null)
            {
                await Hold();
            }

            BatchWriteRequest request = JsonSerializer.Deserialize(body.Span, RegistryJsonContext.Default.BatchWriteRequest)!;
            _batches.Enqueue(request);
            return new BatchWriteResponse(call + 1, request.Items!.Count, true, DateTimeOffset.UnixEpoch);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
