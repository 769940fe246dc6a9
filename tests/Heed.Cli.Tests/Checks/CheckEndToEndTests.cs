using System.Text.Json;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Checks;

public sealed class CheckEndToEndTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    [Fact]
    public async Task Check_SubjectWithoutOptOuts_AllowedExitZero()
    {
        HeedResult check = await registry.RunAsync("check", "user:check-fresh", "marketing.communications.email");

        check.ExitCode.ShouldBe(0, check.ToString());
        check.Stdout.ShouldStartWith("allowed: allowed");
    }

    [Fact]
    public async Task Check_WithTokenAfterOptOut_DeniedOptedOutNamingTheNode()
    {
        HeedResult set = await registry.RunAsync("optout", "set", "user:check-1", "marketing", "--json");
        long lsn = JsonDocument.Parse(set.Stdout).RootElement.GetProperty("lsn").GetInt64();

        HeedResult check = await registry.RunAsync("check", "user:check-1", "marketing.communications.sms", "--token", lsn.ToString());

        check.ExitCode.ShouldBe(0, check.ToString());
        check.Stdout.ShouldStartWith("denied: opted_out, matched marketing");
    }

    [Fact]
    public async Task Check_ExitCodeFlag_DenialExitsFourAllowExitsZero()
    {
        await registry.RunAsync("optout", "set", "user:check-2", "analytics");

        HeedResult denied = await registry.RunAsync("check", "user:check-2", "analytics.reporting", "--exit-code");
        HeedResult allowed = await registry.RunAsync("check", "user:check-2", "marketing", "--exit-code");

        denied.ExitCode.ShouldBe(4, denied.ToString());
        allowed.ExitCode.ShouldBe(0, allowed.ToString());
    }

    [Fact]
    public async Task Check_InvalidSubjectAsJson_ADecisionNotAnError()
    {
        HeedResult check = await registry.RunAsync("check", "no-colon", "analytics", "--json");

        check.ExitCode.ShouldBe(0, check.ToString());
        JsonElement decision = JsonDocument.Parse(check.Stdout).RootElement;
        decision.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        decision.GetProperty("reason").GetString().ShouldBe("invalid_subject");
    }
}
