using System.Net;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Monitoring;

/// <summary><c>GET /v1/violations</c>: filters, pages, roles and bad input.</summary>
public sealed class ViolationApiTests(ViolationFixture fixture) : IClassFixture<ViolationFixture>
{
    private const string Purpose = "analytics.reporting";

    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task List_FiltersByServiceAndKind_AndPagesNewestFirst()
    {
        string service = "svc-" + Guid.NewGuid().ToString("N");
        string subject = "user:vio-api-" + Guid.NewGuid().ToString("N");
        for (int i = 0; i < 3; i++)
        {
            await Server.ReportAsync(ViolationCalls.Receipt(subject, Purpose, service, DateTimeOffset.UtcNow));
        }

        await Server.ReportAsync(ViolationCalls.Receipt(subject, Purpose, "another-" + service, DateTimeOffset.UtcNow));
        using HttpClient auditor = await Server.ClientAsync("auditor");

        JsonElement first = await (await auditor.GetAsync($"/v1/violations?service={service}&kind=no_decision&limit=2")).ReadAsync();
        JsonElement[] page1 = [.. first.GetProperty("items").EnumerateArray()];
        string next = first.GetProperty("next").GetString()!;
        JsonElement second = await (await auditor.GetAsync($"/v1/violations?service={service}&kind=no_decision&limit=2&before={next}")).ReadAsync();
        JsonElement[] page2 = [.. second.GetProperty("items").EnumerateArray()];

        page1.Length.ShouldBe(2);
        page2.ShouldHaveSingleItem();
        JsonElement[] all = [.. page1, .. page2];
        all.ShouldAllBe(v => v.GetProperty("service").GetString() == service);
        all.Select(v => v.GetProperty("detectedAt").GetDateTimeOffset()).ShouldBeInOrder(SortDirection.Descending);
        second.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        (await (await auditor.GetAsync($"/v1/violations?service={service}&kind=stale_decision")).ReadAsync()).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await (await auditor.GetAsync($"/v1/violations?service={service}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}")).ReadAsync()).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await (await auditor.GetAsync($"/v1/violations?service={service}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}")).ReadAsync()).GetProperty("items").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task Show_AnswersTheViolationWithItsEvidence_And404ForAnUnknownId()
    {
        string subject = "user:vio-api-" + Guid.NewGuid().ToString("N");
        await Server.ReportAsync(ViolationCalls.Receipt(subject, Purpose, "show", DateTimeOffset.UtcNow));
        string id = (await Server.ViolationsOfAsync(subject)).ShouldHaveSingleItem().GetProperty("id").GetString()!;
        using HttpClient admin = await Server.ClientAsync("admin");

        JsonElement shown = await (await admin.GetAsync($"/v1/violations/{id}")).ReadAsync();
        HttpResponseMessage unknown = await admin.GetAsync("/v1/violations/vio_0190c1e0000070008000000000000000");

        id.ShouldStartWith("vio_");
        shown.GetProperty("id").GetString().ShouldBe(id);
        shown.GetProperty("evidence").GetProperty("receipt").GetProperty("subject").GetString().ShouldBe(subject);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("kind=stale", "kind")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-12-04T15:00:00", "from")]
    [InlineData("to=2026-13-04T15:00:00Z", "to")]
    [InlineData("from=2026-12-04T15:00:00Z&to=2026-12-04T14:00:00Z", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("subject=nokind", "subject")]
    [InlineData("before=vio_nosuch", "before")]
    public async Task List_BadFilter_Is400NamingIt(string query, string field)
    {
        using HttpClient auditor = await Server.ClientAsync("auditor");

        HttpResponseMessage response = await auditor.GetAsync("/v1/violations?" + query);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadAsync()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("writer")]
    [InlineData("enforcer")]
    [InlineData("recorder")]
    public async Task List_OtherRoles_Are403(string role)
    {
        using HttpClient client = await Server.ClientAsync(role);

        (await client.GetAsync("/v1/violations")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Server.Anonymous.GetAsync("/v1/violations")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
