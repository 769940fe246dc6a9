using System.Text.Json;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Overrides;

/// <summary>
/// <c>heed settings</c> and the one way to relax the two-person rule: <c>overrides.singleApprover</c>, whose change is
/// itself a ledger entry. A registry of its own, since the setting applies to the whole registry.
/// </summary>
public sealed class SingleApproverEndToEndTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    [Fact]
    public async Task SettingsSet_SingleApprover_SelfApprovalAllowedAndTheChangeIsOnRecord()
    {
        // Arrange
        long before = await registry.GetHeadAsync();
        HeedResult listedBefore = await registry.RunAsync("settings", "list", "--json");

        // Act
        HeedResult set = await registry.RunAsync("settings", "set", "overrides.singleApprover", "true");
        HeedResult listed = await registry.RunAsync("settings", "list");
        HeedResult requested = await registry.RunAsync(
            "override", "request", "--service", "onboarding", "--report-only", "--ttl", "2h", "--reason", "onboard the new checkout", "--json");
        string id = JsonDocument.Parse(requested.Stdout).RootElement.GetProperty("id").GetString()!;
        HeedResult approved = await registry.RunAsync("override", "approve", id, "--json");

        // Assert
        JsonDocument.Parse(listedBefore.Stdout).RootElement.GetProperty("settings").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == "overrides.singleApprover").GetProperty("value").GetString().ShouldBe("false");
        set.ExitCode.ShouldBe(0, set.ToString());
        set.Stdout.ShouldContain("Set overrides.singleApprover = true");
        listed.Stdout.ShouldContain("overrides.singleApprover");
        listed.Stdout.ShouldContain("true");
        approved.ExitCode.ShouldBe(0, "with the setting on, the requester may approve: " + approved);
        JsonDocument.Parse(approved.Stdout).RootElement.GetProperty("state").GetString().ShouldBe("active");
        (await registry.GetHeadAsync()).ShouldBe(before + 3, "the setting, the request and the approval are each a ledger entry");
    }

    [Fact]
    public async Task SettingsSet_UnknownSetting_ExitOneAndNothingWritten()
    {
        long before = await registry.GetHeadAsync();

        HeedResult set = await registry.RunAsync("settings", "set", "enforcement.disabled", "true");

        set.ExitCode.ShouldBe(1, set.ToString());
        (await registry.GetHeadAsync()).ShouldBe(before);
    }
}
