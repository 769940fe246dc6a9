using System.Net;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

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
