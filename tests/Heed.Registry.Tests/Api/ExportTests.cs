using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Api;

public sealed class ExportTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task Export_AfterWrites_StreamsOneNdjsonLinePerCurrentOptOut()
    {
        HttpClient writer = await Server.ClientAsync("writer");
        HttpClient auditor = await Server.ClientAsync("auditor");
        var items = Enumerable.Range(0, 2_500)
            .Select(i => new { subject = $"user:export-{i:D5}", purpose = "marketing.communications.email", action = "set", source = "export-test" })
            .Append(new { subject = "phone:+1 415 555 0101", purpose = "analytics", action = "set", source = "export-test" })
            .ToArray();
        (await writer.PostAsJsonAsync("/v1/optouts/batch", new { items })).EnsureSuccessStatusCode();
        (await writer.DeleteAsync("/v1/subjects/user:export-00000/optouts/marketing")).EnsureSuccessStatusCode();

        HttpResponseMessage response = await auditor.GetAsync("/v1/optouts/export", HttpCompletionOption.ResponseHeadersRead);
        string body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/x-ndjson");
        string[] lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        JsonElement[] mine = [.. lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("source").GetString() == "export-test")];
        mine.Length.ShouldBe(2_500);
        mine.ShouldNotContain(e => e.GetProperty("subject").GetString() == "user:export-00000");
        JsonElement phone = mine.Single(e => e.GetProperty("subject").GetString() == "phone:+14155550101");
        phone.GetProperty("purpose").GetString().ShouldBe("analytics");
        phone.GetProperty("lsn").GetInt64().ShouldBeGreaterThan(0);
        phone.GetProperty("since").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UnixEpoch);
    }
}
