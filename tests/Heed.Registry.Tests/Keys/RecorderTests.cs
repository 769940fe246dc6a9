using System.Net;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Keys;

/// <summary>A recorder key (the gate's) records GPC opt-outs and can do nothing else.</summary>
public sealed class RecorderTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private const string Gpc = """{"source":"gpc"}""";

    [Theory]
    [InlineData("third_party_sharing.sale")]
    [InlineData("marketing.advertising.third_party.targeted")]
    public async Task Put_GpcSourceAndGpcPurpose_Recorded(string purpose)
    {
        HttpClient recorder = await fixture.Server.ClientAsync("recorder");
        HttpClient auditor = await fixture.Server.ClientAsync("auditor");

        HttpResponseMessage response = await recorder.PutAsync($"/v1/subjects/user:gpc-{purpose}/optouts/{purpose}", Json.Raw(Gpc));
        JsonElement subject = await (await auditor.GetAsync($"/v1/subjects/user:gpc-{purpose}")).ReadAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement optOut = subject.GetProperty("optOuts").EnumerateArray().ShouldHaveSingleItem();
        optOut.GetProperty("purpose").GetString().ShouldBe(purpose);
        optOut.GetProperty("source").GetString().ShouldBe("gpc");
    }

    [Theory]
    [InlineData("third_party_sharing.sale", """{"source":"api"}""")]
    [InlineData("third_party_sharing.sale", """{"source":"GPC"}""")]
    [InlineData("third_party_sharing.sale", null)]
    [InlineData("analytics", """{"source":"gpc"}""")]
    [InlineData("third_party_sharing", """{"source":"gpc"}""")]
    public async Task Put_OutsideGpcScope_ForbiddenAndNotWritten(string purpose, string? body)
    {
        HttpClient recorder = await fixture.Server.ClientAsync("recorder");
        HttpClient auditor = await fixture.Server.ClientAsync("auditor");
        string subject = "user:scope-" + Guid.NewGuid().ToString("N");

        HttpResponseMessage response = await recorder.PutAsync($"/v1/subjects/{subject}/optouts/{purpose}", body is null ? null : Json.Raw(body));
        JsonElement after = await (await auditor.GetAsync($"/v1/subjects/{subject}")).ReadAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("recorder");
        after.GetProperty("history").GetArrayLength().ShouldBe(0);
    }
}
