using System.Net.Http.Json;
using System.Text;
using Heed.Registry.Keys;
using Heed.Registry.Tests.Infrastructure;
using Heed.Testing.Http;

namespace Heed.Registry.Tests.Api;

/// <summary>Runs alone: allocations are counted for the whole process, so no other test may run beside it.</summary>
[CollectionDefinition(nameof(AllocationBudget), DisableParallelization = true)]
public sealed class AllocationBudget;

/// <summary>
/// The allocation budget of the registry's HTTP check path: a single check through real Kestrel, key
/// check, routing, parsing, the decision and the answer, measured for the whole process around a client
/// that allocates nothing itself. Allocation is deterministic enough to hold in CI; speed is not, and is
/// measured in bench/ (<c>HttpCheckBenchmarks</c>).
/// </summary>
[Collection(nameof(AllocationBudget))]
public sealed class CheckAllocationBudgetTests
{
    /// <summary>docs/benchmarks.md states this budget.</summary>
    public const int BudgetBytesPerCheck = 1024;

    private const int Warmup = 3_000;
    private const int PerRound = 2_000;
    private const int Rounds = 5;

    [Fact]
    public async Task Check_OverHttp_AllocatesWithinBudget()
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        string key = await server.KeyAsync(Roles.Enforcer);
        using (HttpClient admin = server.WithKey(server.AdminKey))
        {
            (await admin.PutAsync("/v1/subjects/user:2/optouts/marketing", null)).EnsureSuccessStatusCode();
        }

        using RawHttpConnection connection = await RawHttpConnection.OpenAsync(
            server.BaseAddress, "/v1/check", """{"subject":"user:2","purpose":"marketing.communications.email"}""", key);
        for (int i = 0; i < Warmup; i++)
        {
            await connection.SendAsync();
        }

        connection.LastStatus.ShouldBe(200);
        Encoding.UTF8.GetString(connection.LastBody.Span).ShouldContain("\"reason\":\"opted_out\"");

        // Act: the least of several rounds, so a timer that fired in one round does not count.
        double best = double.MaxValue;
        for (int round = 0; round < Rounds; round++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < PerRound; i++)
            {
                await connection.SendAsync();
            }

            best = Math.Min(best, (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)PerRound);
        }

        // Assert
        TestContext.Current.TestOutputHelper?.WriteLine($"{best:F0} B allocated per check (budget {BudgetBytesPerCheck} B)");
        connection.LastStatus.ShouldBe(200);
        best.ShouldBeLessThanOrEqualTo(BudgetBytesPerCheck, $"the HTTP check path allocates {best:F0} B per check; its budget is {BudgetBytesPerCheck} B");
    }
}
