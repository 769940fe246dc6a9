using System.Net;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Overrides;

/// <summary>Requests, the two-person rule, no edits and revocation, against a real registry (docs/overrides.md).</summary>
public sealed class OverrideApiTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task Request_Valid_IsPendingWithItsScopeAndReason()
    {
        using HttpClient admin = await Server.ClientAsync("admin");

        HttpResponseMessage response = await admin.PostAsync("/v1/overrides", Json.Raw("""{"enforcementPoint":"replica-7","purposes":["marketing.communications","analytics"],"subjects":["Email:Ann@Example.com"],"ttl":1800,"reason":"  INC-9  "}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        JsonElement created = await response.ReadAsync();
        string id = created.GetProperty("id").GetString()!;
        id.ShouldMatch("^ovr_[0-9a-f]{16}$");
        created.GetProperty("state").GetString().ShouldBe("pending");
        response.Headers.Location!.ToString().ShouldBe($"/v1/overrides/{id}");
        JsonElement shown = await admin.ShowAsync(id);
        shown.GetProperty("enforcementPoint").GetString().ShouldBe("replica-7");
        shown.GetProperty("service").ValueKind.ShouldBe(JsonValueKind.Null);
        shown.GetProperty("purposes").EnumerateArray().Select(p => p.GetString()).ShouldBe(["analytics", "marketing.communications"]);
        shown.GetProperty("subjects").EnumerateArray().Select(p => p.GetString()).ShouldBe(["email:ann@example.com"]);
        shown.GetProperty("ttlSeconds").GetInt64().ShouldBe(1800);
        shown.GetProperty("reason").GetString().ShouldBe("INC-9");
        shown.GetProperty("requestLsn").GetInt64().ShouldBe(created.GetProperty("lsn").GetInt64());
        shown.GetProperty("requestHash").GetString()!.Length.ShouldBe(64);
        shown.GetProperty("state").GetString().ShouldBe("pending");
        shown.GetProperty("decisions").GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task Approve_ByTheRequestingKey_Is403AndLeavesItPending()
    {
        using HttpClient admin = await Server.ClientAsync("admin");
        string id = await admin.RequestOverrideAsync();

        HttpResponseMessage response = await admin.ApproveAsync(id);

        JsonElement problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString()!.ShouldContain("second admin");
        (await admin.ShowAsync(id)).GetProperty("state").GetString().ShouldBe("pending");
    }

    [Fact]
    public async Task Approve_ByASecondAdmin_IsActiveUntilTtlAndEnforced()
    {
        using HttpClient admin = await Server.ClientAsync("admin");
        using HttpClient second = await Server.SecondAdminAsync();
        string id = await admin.RequestOverrideAsync();

        HttpResponseMessage response = await second.ApproveAsync(id);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        JsonElement approved = await response.ReadAsync();
        approved.GetProperty("state").GetString().ShouldBe("active");
        approved.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        approved.GetProperty("enforcedAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UnixEpoch);
        JsonElement shown = await admin.ShowAsync(id);
        shown.GetProperty("state").GetString().ShouldBe("active");
        DateTimeOffset endsAt = shown.GetProperty("endsAt").GetDateTimeOffset();
        (endsAt - shown.GetProperty("approvedAt").GetDateTimeOffset()).ShouldBe(TimeSpan.FromMinutes(30));
        shown.GetProperty("approveLsn").GetInt64().ShouldBe(approved.GetProperty("lsn").GetInt64());
        shown.GetProperty("approvedBy").GetString().ShouldNotBe(shown.GetProperty("requestedBy").GetString());
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    public async Task Edit_OfAnApprovedOverride_Is405AndTheRequestIsUnchanged(string method)
    {
        using HttpClient admin = await Server.ClientAsync("admin");
        using HttpClient second = await Server.SecondAdminAsync();
        string id = await admin.RequestOverrideAsync();
        (await second.ApproveAsync(id)).EnsureSuccessStatusCode();
        string before = (await admin.ShowAsync(id)).GetRawText();
        using var edit = new HttpRequestMessage(new HttpMethod(method), $"/v1/overrides/{id}")
        {
            Content = Json.Raw("""{"service":"everything","purposes":["all"],"ttl":"4h","reason":"wider"}"""),
        };

        HttpResponseMessage response = await admin.SendAsync(edit);

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldBe(["GET"]);
        (await admin.ShowAsync(id)).GetRawText().ShouldBe(before);
    }

    [Fact]
    public async Task Revoke_OfAnActiveOverride_IsRevokedEnforcedAndFinal()
    {
        using HttpClient admin = await Server.ClientAsync("admin");
        using HttpClient second = await Server.SecondAdminAsync();
        string id = await admin.RequestOverrideAsync();
        (await second.ApproveAsync(id)).EnsureSuccessStatusCode();

        HttpResponseMessage response = await admin.RevokeAsync(id);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement revoked = await response.ReadAsync();
        revoked.GetProperty("state").GetString().ShouldBe("revoked");
        revoked.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        JsonElement shown = await admin.ShowAsync(id);
        shown.GetProperty("state").GetString().ShouldBe("revoked");
        shown.GetProperty("revokeLsn").GetInt64().ShouldBe(revoked.GetProperty("lsn").GetInt64());
        await (await admin.RevokeAsync(id)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await second.ApproveAsync(id)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Approve_Twice_IsAConflict()
    {
        using HttpClient admin = await Server.ClientAsync("admin");
        using HttpClient second = await Server.SecondAdminAsync();
        string id = await admin.RequestOverrideAsync();
        (await second.ApproveAsync(id)).EnsureSuccessStatusCode();

        HttpResponseMessage again = await second.ApproveAsync(id);

        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ReportOnly_WithoutPurposes_CoversAll()
    {
        using HttpClient admin = await Server.ClientAsync("admin");

        string id = await admin.RequestOverrideAsync("""{"service":"new-service","ttl":"4h","reason":"onboarding in report-only mode","reportOnly":true}""");

        JsonElement shown = await admin.ShowAsync(id);
        shown.GetProperty("reportOnly").GetBoolean().ShouldBeTrue();
        shown.GetProperty("purposes").EnumerateArray().Select(p => p.GetString()).ShouldBe(["all"]);
    }

    [Fact]
    public async Task List_ForAnAuditor_ShowsOverridesButAuditorMayNotRequest()
    {
        using HttpClient admin = await Server.ClientAsync("admin");
        using HttpClient auditor = await Server.ClientAsync("auditor");
        string id = await admin.RequestOverrideAsync();

        HttpResponseMessage list = await auditor.GetAsync("/v1/overrides");
        HttpResponseMessage request = await auditor.PostAsync("/v1/overrides", Json.Raw(OverrideCalls.ValidRequest));

        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await list.ReadAsync()).GetProperty("overrides").EnumerateArray().ShouldContain(o => o.GetProperty("id").GetString() == id);
        await request.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await auditor.ApproveAsync(id)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("""{"service":"checkout","purposes":["marketing"],"ttl":"4h1s","reason":"x"}""", "ttl")]
    [InlineData("""{"service":"checkout","purposes":["marketing"],"ttl":14401,"reason":"x"}""", "ttl")]
    [InlineData("""{"service":"checkout","purposes":["marketing"],"ttl":"30m"}""", "reason")]
    [InlineData("""{"service":"checkout","purposes":["marketing"],"ttl":"30m","reason":"   "}""", "reason")]
    [InlineData("""{"service":"checkout","purposes":["marketing.fax"],"ttl":"30m","reason":"x"}""", "purposes[0]")]
    [InlineData("""{"service":"checkout","purposes":["Marketing"],"ttl":"30m","reason":"x"}""", "purposes[0]")]
    [InlineData("""{"service":"checkout","purposes":["essential.service"],"ttl":"30m","reason":"x"}""", "purposes[0]")]
    [InlineData("""{"service":"checkout","purposes":[],"ttl":"30m","reason":"x"}""", "purposes")]
    [InlineData("""{"service":"checkout","ttl":"30m","reason":"x"}""", "purposes")]
    [InlineData("""{"purposes":["marketing"],"ttl":"30m","reason":"x"}""", "service")]
    [InlineData("""{"service":"a","enforcementPoint":"b","purposes":["marketing"],"ttl":"30m","reason":"x"}""", "service")]
    [InlineData("""{"service":"","purposes":["marketing"],"ttl":"30m","reason":"x"}""", "service")]
    [InlineData("""{"service":"checkout","purposes":["marketing"],"subjects":["nocolon"],"ttl":"30m","reason":"x"}""", "subjects[0]")]
    [InlineData("""{"service":"checkout","purposes":["marketing"],"subjects":[null],"ttl":"30m","reason":"x"}""", "subjects[0]")]
    [InlineData("""{"service":"checkout","purposes":["marketing"],"ttl":"soon","reason":"x"}""", "ttl")]
    [InlineData("""{"service":"checkout","purposes":["marketing"],"ttl":0,"reason":"x"}""", "ttl")]
    [InlineData("""{"service":"checkout","purposes":["marketing"],"ttl":-5,"reason":"x"}""", "ttl")]
    [InlineData("""{"service":"checkout","purposes":["marketing"],"ttl":1.5,"reason":"x"}""", "ttl")]
    [InlineData("""{"service":"checkout","purposes":["marketing"],"ttl":true,"reason":"x"}""", "ttl")]
    [InlineData("""{"service":"checkout","purposes":["marketing"],"reason":"x"}""", "ttl")]
    [InlineData("""{"service":"checkout","purposes":["marketing"],"ttl":"99999999999999999999d","reason":"x"}""", "ttl")]
    public async Task Request_Invalid_Is400NamingTheField(string body, string field)
    {
        using HttpClient admin = await Server.ClientAsync("admin");

        HttpResponseMessage response = await admin.PostAsync("/v1/overrides", Json.Raw(body));

        JsonElement problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.GetRawText());
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("""{"purposes":"marketing"}""")]
    [InlineData("""{"reportOnly":"yes"}""")]
    [InlineData("""{"service":7}""")]
    [InlineData("""{"ttl":{"h":4}}""")]
    public async Task Request_NotAnOverrideRequest_Is400(string body)
    {
        using HttpClient admin = await Server.ClientAsync("admin");

        HttpResponseMessage response = await admin.PostAsync("/v1/overrides", Json.Raw(body));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("GET", "/v1/overrides/ovr_0000000000000000")]
    [InlineData("POST", "/v1/overrides/ovr_0000000000000000/approve")]
    [InlineData("POST", "/v1/overrides/ovr_0000000000000000/revoke")]
    [InlineData("GET", "/v1/overrides/%E2%80%AE")]
    public async Task UnknownOverride_Is404(string method, string path)
    {
        using HttpClient admin = await Server.ClientAsync("admin");

        HttpResponseMessage response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
