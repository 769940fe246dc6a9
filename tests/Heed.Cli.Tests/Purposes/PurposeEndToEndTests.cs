using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Purposes;

/// <summary><c>heed purpose add|list|deprecate</c> against a real registry process: each change is a ledger entry,
/// answered once enforced.</summary>
public sealed class PurposeEndToEndTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    [Fact]
    public async Task PurposeAdd_NewPurpose_ListedWithItsBitAndOneLedgerEntry()
    {
        // Arrange
        long before = await registry.GetHeadAsync();

        // Act
        HeedResult added = await registry.RunAsync("purpose", "add", "research.surveys");
        HeedResult listed = await registry.RunAsync("purpose", "list");
        HeedResult listedJson = await registry.RunAsync("purpose", "list", "--json");

        // Assert
        added.ExitCode.ShouldBe(0, added.ToString());
        added.Stdout.ShouldContain("Added purpose research.surveys (bit ");
        added.Stdout.ShouldContain("Enforced at");
        listed.Stdout.ShouldContain("research.surveys");
        JsonElement surveys = JsonDocument.Parse(listedJson.Stdout).RootElement.GetProperty("purposes").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "research.surveys");
        surveys.GetProperty("bit").GetInt32().ShouldBeGreaterThan(0);
        (await registry.GetHeadAsync()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task PurposeDeprecate_WithSuccessor_SaysSoAndOptOutsOfItAreRefused()
    {
        // Arrange
        (await registry.RunAsync("purpose", "add", "support.chat")).ExitCode.ShouldBe(0);
        (await registry.RunAsync("purpose", "add", "support.calls")).ExitCode.ShouldBe(0);

        // Act
        HeedResult deprecated = await registry.RunAsync("purpose", "deprecate", "support.chat", "--successor", "support.calls", "--json");
        HeedResult optOut = await registry.RunAsync("optout", "set", "user:cli-deprecated", "support.chat");
        HeedResult listed = await registry.RunAsync("purpose", "list");

        // Assert
        deprecated.ExitCode.ShouldBe(0, deprecated.ToString());
        JsonElement answer = JsonDocument.Parse(deprecated.Stdout).RootElement;
        answer.GetProperty("deprecated").GetBoolean().ShouldBeTrue();
        answer.GetProperty("successor").GetString().ShouldBe("support.calls");
        answer.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        optOut.ExitCode.ShouldBe(1, optOut.ToString());
        optOut.Stderr.ShouldContain("support.calls");
        listed.Stdout.ShouldContain("deprecated → support.calls");
    }

    [Fact]
    public async Task PurposeAdd_ExistingPurpose_ExitOneAndNothingWritten()
    {
        long before = await registry.GetHeadAsync();

        HeedResult added = await registry.RunAsync("purpose", "add", "marketing");

        added.ExitCode.ShouldBe(1, added.ToString());
        added.Stderr.ShouldContain("already exists");
        (await registry.GetHeadAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task PurposeChanges_AreAuditedEntries_AndTheAuditLogStillVerifies()
    {
        // Arrange
        long before = await registry.GetHeadAsync();

        // Act
        (await registry.RunAsync("purpose", "add", "audit.trail")).ExitCode.ShouldBe(0);
        (await registry.RunAsync("purpose", "deprecate", "audit.trail")).ExitCode.ShouldBe(0);
        HeedResult verified = await registry.RunAsync("audit", "verify");
        using var http = new HttpClient { BaseAddress = registry.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", registry.AdminKey);
        JsonElement entries = await http.GetFromJsonAsync<JsonElement>($"/v1/audit/entries?from={before + 1}", TestContext.Current.CancellationToken);

        // Assert
        verified.ExitCode.ShouldBe(0, verified.ToString());
        verified.Stdout.ShouldMatch(@"verified \d+ entries");
        var recorded = entries.GetProperty("entries").EnumerateArray()
            .Select(e => (Kind: e.GetProperty("kind").GetString(), Purpose: e.GetProperty("purpose").GetString(), Body: e.GetProperty("body").GetString()!))
            .ToList();
        recorded.Select(e => (e.Kind, e.Purpose)).ShouldBe([("purpose.add", "audit.trail"), ("purpose.deprecate", "audit.trail")]);
        recorded[0].Body.ShouldContain("\"addedBy\"");
        recorded[1].Body.ShouldContain("\"deprecatedBy\"");
    }
}
