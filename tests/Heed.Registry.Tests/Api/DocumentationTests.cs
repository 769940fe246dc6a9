using System.Net;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;
using Heed.Testing.Repository;

namespace Heed.Registry.Tests.Api;

public sealed class DocumentationTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task OpenApi_ListsTheApi()
    {
        JsonElement doc = await (await fixture.Server.Anonymous.GetAsync("/openapi/v1.json")).ReadAsync();

        JsonElement paths = doc.GetProperty("paths");
        paths.TryGetProperty("/v1/check", out _).ShouldBeTrue();
        paths.TryGetProperty("/v1/subjects/{subject}/optouts/{purpose}", out _).ShouldBeTrue();
    }

    [Fact]
    public void Repository_ReferencesNoDesignDocumentOutsideIt()
    {
        string root = BuildOutput.RepositoryRoot;
        string[] files = [Path.Combine(root, "README.md"), .. new[] { "src", "docs", "samples", "tests", "bench", "scripts" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".sh", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))];

        // Built from parts, so this file does not name what it looks for.
        string design = "DES" + "IGN";
        string[] referencing = [.. files.Where(f => File.ReadAllText(f).Contains(design, StringComparison.Ordinal)).Select(f => Path.GetRelativePath(root, f))];

        referencing.ShouldBeEmpty();
    }

    [Fact]
    public async Task ApiReference_Served()
    {
        HttpResponseMessage response = await fixture.Server.Anonymous.GetAsync("/scalar/v1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Metrics_CountChecksByReason()
    {
        HttpClient enforcer = await fixture.Server.ClientAsync("enforcer");
        await enforcer.CheckAsync("user:metrics", "nope");

        string metrics = await fixture.Server.Anonymous.GetStringAsync("/metrics");

        metrics.ShouldContain("heed_checks");
        metrics.ShouldContain("reason=\"unknown_purpose\"");
    }
}
