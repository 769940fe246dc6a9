using System.Text.Json;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Overrides;

/// <summary><c>heed override request|approve|revoke|list|show</c> against a real registry (docs/overrides.md).</summary>
public sealed class OverrideEndToEndTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    [Fact]
    public async Task RequestApproveShow_TwoAdmins_ActiveWithEverythingAReviewerNeeds()
    {
        // Arrange
        string approver = await SecondAdminAsync("approver-1");
        HeedResult requested = await registry.RunAsync(
            "override", "request", "--service", "billing", "--purpose", "marketing", "--purpose", "analytics",
            "--ttl", "30m", "--reason", "INC-1042: replay a lost invoice batch", "--json");
        requested.ExitCode.ShouldBe(0, requested.ToString());
        string id = JsonDocument.Parse(requested.Stdout).RootElement.GetProperty("id").GetString()!;

        // Act
        HeedResult self = await registry.RunAsync("override", "approve", id);
        HeedResult approved = await registry.RunWithKeyAsync(approver, "override", "approve", id);
        HeedResult shown = await registry.RunAsync("override", "show", id);
        HeedResult shownJson = await registry.RunAsync("override", "show", id, "--json");
        HeedResult active = await registry.RunAsync("override", "list", "--state", "active");
        HeedResult pending = await registry.RunAsync("override", "list", "--state", "pending", "--json");

        // Assert
        self.ExitCode.ShouldBe(1, "the requester cannot approve their own override: " + self);
        self.Stderr.ShouldContain("403");
        approved.ExitCode.ShouldBe(0, approved.ToString());
        approved.Stdout.ShouldContain($"Approved override {id}: active until");
        approved.Stdout.ShouldContain("Enforced at");
        shown.ExitCode.ShouldBe(0, shown.ToString());
        shown.Stdout.ShouldContain("INC-1042: replay a lost invoice batch");
        shown.Stdout.ShouldContain("service billing");
        shown.Stdout.ShouldContain("analytics, marketing");
        JsonElement view = JsonDocument.Parse(shownJson.Stdout).RootElement;
        view.GetProperty("state").GetString().ShouldBe("active");
        view.GetProperty("requestedBy").GetString().ShouldNotBe(view.GetProperty("approvedBy").GetString());
        view.GetProperty("ttlSeconds").GetInt64().ShouldBe(1800);
        active.Stdout.ShouldContain(id);
        JsonDocument.Parse(pending.Stdout).RootElement.GetProperty("overrides").EnumerateArray()
            .ShouldNotContain(o => o.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Revoke_ActiveOverride_RevokedAndEnforced()
    {
        // Arrange
        string approver = await SecondAdminAsync("approver-2");
        string id = await RequestAsync("--subject", "email:alice@example.com", "--subject", "user:42");
        (await registry.RunWithKeyAsync(approver, "override", "approve", id)).ExitCode.ShouldBe(0);

        // Act
        HeedResult revoked = await registry.RunAsync("override", "revoke", id);
        HeedResult again = await registry.RunAsync("override", "revoke", id);
        HeedResult shown = await registry.RunAsync("override", "show", id, "--json");

        // Assert
        revoked.ExitCode.ShouldBe(0, revoked.ToString());
        revoked.Stdout.ShouldContain($"Revoked override {id}.");
        revoked.Stdout.ShouldContain("no enforcement point honors it any more");
        again.ExitCode.ShouldBe(1, "a revoked override cannot be revoked twice: " + again);
        JsonElement view = JsonDocument.Parse(shown.Stdout).RootElement;
        view.GetProperty("state").GetString().ShouldBe("revoked");
        view.GetProperty("subjects").EnumerateArray().Select(s => s.GetString()).ShouldBe(["email:alice@example.com", "user:42"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("--purpose", "marketing", "--ttl", "30m", "--reason", "r")]
    [InlineData("--service", "a", "--enforcement-point", "b", "--purpose", "marketing", "--ttl", "30m", "--reason", "r")]
    [InlineData("--service", "a", "--purpose", "marketing", "--ttl", "30m")]
    [InlineData("--service", "a", "--purpose", "marketing", "--reason", "r")]
    public async Task Request_BadCommandLine_UsageErrorAndNothingRequested(params string[] args)
    {
        long before = await registry.GetHeadAsync();

        HeedResult result = await registry.RunAsync(["override", "request", .. args]);

        result.ExitCode.ShouldBe(2, result.ToString());
        (await registry.GetHeadAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("5h", "ttl")]
    [InlineData("soon", "ttl")]
    [InlineData("30m", "reason", "--reason", " ")]
    [InlineData("30m", "purpose", "--purpose", "not-a-purpose")]
    public async Task Request_RefusedByTheRegistry_ExitOneWithTheProblem(string ttl, string named, params string[] extra)
    {
        string[] args = ["override", "request", "--service", "a", "--ttl", ttl, .. extra];
        if (!extra.Contains("--purpose"))
        {
            args = [.. args, "--purpose", "marketing"];
        }

        if (!extra.Contains("--reason"))
        {
            args = [.. args, "--reason", "because"];
        }

        HeedResult result = await registry.RunAsync(args);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("400");
        result.Stderr.ShouldContain(named, Case.Insensitive);
    }

    [Fact]
    public async Task Show_UnknownId_ExitOneWith404()
    {
        HeedResult result = await registry.RunAsync("override", "show", "ovr_0000000000000000");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("404");
    }

    private async Task<string> RequestAsync(params string[] extra)
    {
        HeedResult requested = await registry.RunAsync(
            ["override", "request", "--service", "billing", "--purpose", "marketing", "--ttl", "1h", "--reason", "INC-7", "--json", .. extra]);
        requested.ExitCode.ShouldBe(0, requested.ToString());
        return JsonDocument.Parse(requested.Stdout).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<string> SecondAdminAsync(string name)
    {
        HeedResult created = await registry.RunAsync("keys", "create", "--role", "admin", "--name", name, "--json");
        created.ExitCode.ShouldBe(0, created.ToString());
        return JsonDocument.Parse(created.Stdout).RootElement.GetProperty("key").GetString()!;
    }
}
