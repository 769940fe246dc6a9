using System.Net;
using System.Text;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;
using Heed.Testing.Fuzzing;

namespace Heed.Registry.Tests.Api;

/// <summary>Malformed and hostile input gets a 4xx problem (or, for a well-formed check, a denial); never a 5xx or an allow.</summary>
public sealed class HostileInputTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    public static TheoryData<string, string> MalformedBodies() => new()
    {
        { "/v1/check", "{" },
        { "/v1/check", "null" },
        { "/v1/check", "[]" },
        { "/v1/check", "\"just a string\"" },
        { "/v1/check", """{"subject":5,"purpose":"analytics"}""" },
        { "/v1/check", """{"subject":"user:1","purpose":{"x":1}}""" },
        { "/v1/check", """{"subject":"user:1"}""" },
        { "/v1/check", """{"purpose":"analytics"}""" },
        { "/v1/check", """{"subject":"user:1","purpose":"analytics","token":"abc"}""" },
        { "/v1/check", """{"subject":"user:1","purpose":"analytics",}""" },
        { "/v1/check/batch", """{"items":"nope"}""" },
        { "/v1/check/batch", """{"items":[null]}""" },
        { "/v1/check/batch", """{"items":[{"subject":"user:1"}]}""" },
        { "/v1/optouts/batch", """{"items":[{"subject":"user:1","purpose":"analytics","action":1}]}""" },
        { "/v1/optouts/batch", """{}""" },
        { "/v1/keys", """{"role":"root"}""" },
        { "/v1/keys", """{"role":["admin"]}""" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Post_MalformedBody_400Problem(string path, string body)
    {
        HttpClient admin = await Server.ClientAsync("admin");

        HttpResponseMessage response = await admin.PostAsync(path, Json.Raw(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadAsync()).GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Check_TwoMebibyteBody_413Problem()
    {
        HttpClient admin = await Server.ClientAsync("admin");
        string huge = new('a', 2 * 1024 * 1024);

        HttpResponseMessage response = await admin.PostAsync("/v1/check", Json.Raw($$"""{"subject":"user:{{huge}}","purpose":"analytics"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Check_InvalidUtf8_400Problem()
    {
        HttpClient admin = await Server.ClientAsync("admin");
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"subject\":\"user:"), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\",\"purpose\":\"analytics\"}")];

        HttpResponseMessage response = await admin.PostAsync("/v1/check", Json.Bytes(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("user:a\\u0000b")]
    [InlineData("user:line\\nbreak")]
    [InlineData("user:\\ud800")]
    [InlineData("user:' OR 1=1 --")]
    [InlineData("user:<script>alert(1)</script>")]
    [InlineData("user:../../etc/passwd")]
    [InlineData("user:${jndi:ldap://127.0.0.1/x}")]
    public async Task Check_HostileSubject_NeverAllowsUnlessValid(string subject)
    {
        HttpClient admin = await Server.ClientAsync("admin");
        string body = "{\"subject\":\"" + subject.Replace("\"", "\\\"", StringComparison.Ordinal) + "\",\"purpose\":\"analytics\"}";

        HttpResponseMessage response = await admin.PostAsync("/v1/check", Json.Raw(body));

        // A lone surrogate is not valid JSON text for a string: the parser refuses it (400).
        if (response.StatusCode == HttpStatusCode.BadRequest && subject.Contains("\\ud800", StringComparison.Ordinal))
        {
            return;
        }

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement decision = await response.ReadAsync();
        string reason = decision.GetProperty("reason").GetString()!;
        reason.ShouldBeOneOf("invalid_subject", "allowed");
        if (subject.Contains("\\u", StringComparison.Ordinal) || subject.Contains("\\n", StringComparison.Ordinal))
        {
            reason.ShouldBe("invalid_subject");
        }
    }

    [Fact]
    public async Task Check_FiveThousandCharacterSubject_InvalidSubject()
    {
        HttpClient admin = await Server.ClientAsync("admin");

        JsonElement decision = await admin.CheckAsync("user:" + new string('x', 5000), "analytics");

        decision.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        decision.GetProperty("reason").GetString().ShouldBe("invalid_subject");
    }

    [Fact]
    public async Task Write_FiveThousandCharacterSubjectInPath_4xx()
    {
        HttpClient admin = await Server.ClientAsync("admin");

        HttpResponseMessage response = await admin.PutAsync($"/v1/subjects/user:{new string('x', 5000)}/optouts/analytics", null);

        ((int)response.StatusCode).ShouldBeInRange(400, 499);
    }

    [Theory]
    [InlineData("user:1", "marketing';DROP TABLE ledger;--")]
    [InlineData("user:1", "MARKETING")]
    [InlineData("user:1", "no_such_purpose")]
    [InlineData("user:\u0001", "analytics")]
    [InlineData("user:1", "all.")]
    public async Task Write_HostilePathSegments_400Problem(string subject, string purpose)
    {
        HttpClient admin = await Server.ClientAsync("admin");

        HttpResponseMessage response = await admin.PutAsync($"/v1/subjects/{Uri.EscapeDataString(subject)}/optouts/{Uri.EscapeDataString(purpose)}", null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Write_ControlCharacterInSource_400Problem()
    {
        HttpClient admin = await Server.ClientAsync("admin");

        HttpResponseMessage response = await admin.PutAsync("/v1/subjects/user:src/optouts/analytics", Json.Raw("""{"source":"a\u0007b"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnyEndpoint_RandomBytes_Never5xxAndServerKeepsServing()
    {
        HttpClient admin = await Server.ClientAsync("admin");
        var random = new Random(20261127);
        string[] paths = ["/v1/check", "/v1/check/batch", "/v1/optouts/batch", "/v1/keys", "/v1/subjects/user:fuzz/optouts/analytics"];
        var statuses = new List<int>();

        for (int i = 0; i < 300; i++)
        {
            byte[] body = new byte[random.Next(0, 512)];
            random.NextBytes(body);
            string path = paths[i % paths.Length];
            HttpMethod method = path.Contains("/optouts/analytics", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post;
            using var request = new HttpRequestMessage(method, path) { Content = Json.Bytes(body) };
            HttpResponseMessage response = await admin.SendAsync(request);
            statuses.Add((int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.OK && path.StartsWith("/v1/check", StringComparison.Ordinal))
            {
                (await response.ReadAsync()).ToString().ShouldNotContain("\"allowed\":true");
            }
        }

        HttpResponseMessage health = await Server.Anonymous.GetAsync("/healthz");

        statuses.ShouldAllBe(s => s < 500);
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnyEndpoint_StructurallyMutatedJson_ProblemOnEvery4xxAndNeverAnAllow()
    {
        // Arrange: valid bodies for each endpoint, mutated one structural fault at a time (wrong type,
        // missing field, hostile string, duplicate key, deep nesting). user:fuzz opted out of marketing, so
        // no reading of a check body, however the fault is interpreted, may answer allowed.
        HttpClient admin = await Server.ClientAsync("admin");
        (await admin.PutAsync("/v1/subjects/user:fuzz/optouts/marketing", null)).EnsureSuccessStatusCode();
        var mutator = new JsonMutator(20261201, "user:fuzz");
        (string Path, string Valid)[] seeds =
        [
            ("/v1/check", """{"subject":"user:fuzz","purpose":"marketing.communications.email","service":"fuzz","token":1}"""),
            ("/v1/check/batch", """{"items":[{"subject":"user:fuzz","purpose":"marketing.communications.email"},{"subject":"user:fuzz","purpose":"marketing"}]}"""),
            ("/v1/optouts/batch", """{"items":[{"subject":"user:fuzz-write","purpose":"analytics","action":"set"}]}"""),
            ("/v1/keys", """{"role":"enforcer","name":"fuzz"}"""),
            ("/v1/overrides", """{"service":"fuzz","purposes":["analytics","marketing"],"subjects":["user:fuzz"],"ttl":"30m","reason":"fuzz","reportOnly":false}"""),
        ];
        var findings = new List<string>();

        // Act
        foreach ((string path, string valid) in seeds)
        {
            foreach (string body in mutator.Mutate(valid, 60))
            {
                HttpResponseMessage response = await admin.PostAsync(path, Json.Raw(body));
                int status = (int)response.StatusCode;
                string text = await response.Content.ReadAsStringAsync();
                string? media = response.Content.Headers.ContentType?.MediaType;
                if (status >= 500)
                {
                    findings.Add($"{status} for {path} {Shorten(body)}");
                }
                else if (status >= 400 && media != "application/problem+json")
                {
                    findings.Add($"{status} without problem+json ({media ?? "no Content-Type"}) for {path} {Shorten(body)}");
                }
                else if (status == 200 && path.StartsWith("/v1/check", StringComparison.Ordinal) && text.Contains("\"allowed\":true", StringComparison.Ordinal))
                {
                    findings.Add($"allowed for {path} {Shorten(body)}: {Shorten(text)}");
                }
            }
        }

        HttpResponseMessage health = await Server.Anonymous.GetAsync("/healthz");

        // Assert
        findings.ShouldBeEmpty(string.Join("\n", findings.Take(10)));
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UnknownRoute_404Problem()
    {
        HttpResponseMessage response = await Server.Anonymous.GetAsync("/v1/nothing-here");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
