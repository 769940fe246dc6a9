using System.Net;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Api;

/// <summary>
/// Every endpoint × every role × no key: 401 without a key, 403 for a role that may not, else served. The
/// recorder (the gate's key) is served only for a GPC opt-out with source <c>gpc</c>; every other row is 403.
/// </summary>
public sealed class RoleMatrixTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private const string None = "none";

    public static TheoryData<string, string, string, string?, string> Cases()
    {
        string[] roles = [None, "admin", "writer", "enforcer", "auditor", "recorder"];
        (string Method, string Path, string? Body, string[] Allowed)[] endpoints =
        [
            ("PUT", "/v1/subjects/user:matrix/optouts/analytics", null, ["admin", "writer"]),
            ("PUT", "/v1/subjects/user:matrix/optouts/third_party_sharing.sale", """{"source":"gpc"}""", ["admin", "writer", "recorder"]),
            ("DELETE", "/v1/subjects/user:matrix/optouts/third_party_sharing.sale", null, ["admin", "writer"]),
            ("DELETE", "/v1/subjects/user:matrix/optouts/analytics", null, ["admin", "writer"]),
            ("POST", "/v1/optouts/batch", """{"items":[{"subject":"user:m2","purpose":"analytics","action":"set"}]}""", ["admin", "writer"]),
            ("GET", "/v1/subjects/user:matrix", null, ["admin", "writer", "auditor"]),
            ("GET", "/v1/optouts/export", null, ["admin", "writer", "auditor"]),
            ("POST", "/v1/check", """{"subject":"user:matrix","purpose":"analytics"}""", ["admin", "enforcer"]),
            ("POST", "/v1/check/batch", """{"items":[{"subject":"user:matrix","purpose":"analytics"}]}""", ["admin", "enforcer"]),
            ("GET", "/v1/purposes", null, ["admin", "writer", "enforcer", "auditor"]),
            ("POST", "/v1/purposes", """{"name":"matrix.purpose"}""", ["admin"]),
            ("PATCH", "/v1/purposes/no.such", """{"deprecated":true}""", ["admin"]),
            ("POST", "/v1/keys", """{"role":"auditor","name":"matrix"}""", ["admin"]),
            ("GET", "/v1/keys", null, ["admin"]),
            ("DELETE", "/v1/keys/k_does_not_exist", null, ["admin"]),
            ("GET", "/v1/enforcement-points", null, ["admin", "auditor"]),
            ("GET", "/v1/replication", null, ["admin", "enforcer", "auditor"]),
            ("POST", "/v1/overrides", """{"service":"matrix","purposes":["analytics"],"ttl":"1m","reason":"role matrix"}""", ["admin"]),
            ("GET", "/v1/overrides", null, ["admin", "auditor"]),
            ("GET", "/v1/settings", null, ["admin", "auditor"]),
            ("PUT", "/v1/settings/overrides.singleApprover", """{"value":"false"}""", ["admin"]),
        ];
        var data = new TheoryData<string, string, string, string?, string>();
        foreach (var e in endpoints)
        {
            foreach (string role in roles)
            {
                string expected = role == None ? "401" : e.Allowed.Contains(role) ? "served" : "403";
                data.Add(e.Method, e.Path, role, e.Body, expected);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_ForRole_AuthorizedAsSpecified(string method, string path, string role, string? body, string expected)
    {
        HttpClient client = role == None ? fixture.Server.Anonymous : await fixture.Server.ClientAsync(role);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = Json.Raw(body);
        }

        HttpResponseMessage response = await client.SendAsync(request);

        switch (expected)
        {
            case "401":
                response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
                response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
                break;
            case "403":
                response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
                response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
                break;
            default:
                ((int)response.StatusCode).ShouldBeLessThan(500);
                response.StatusCode.ShouldNotBe(HttpStatusCode.Unauthorized);
                response.StatusCode.ShouldNotBe(HttpStatusCode.Forbidden);
                break;
        }
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    public async Task OpenEndpoint_WithoutKey_Served(string path)
    {
        HttpResponseMessage response = await fixture.Server.Anonymous.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Check_WithWrongKey_Unauthorized()
    {
        using HttpClient client = fixture.Server.WithKey("heed_not-a-real-key");

        HttpResponseMessage response = await client.PostAsync("/v1/check", Json.Raw("""{"subject":"user:1","purpose":"analytics"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
