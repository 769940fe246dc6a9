namespace Heed.Core.Tests;

/// <summary>Allocation tests run alone, after the parallel ones: other tests JIT new code all the time,
/// which holds back the tiered JIT's recompilation that the steady state waits for.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;
