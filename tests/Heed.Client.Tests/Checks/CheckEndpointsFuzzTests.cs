using System.Net;
using System.Text;
using System.Text.Json;
using Heed.Client.Enforcement;
using Heed.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Client.Tests.Checks;

/// <summary>
/// Structure-aware hostile input for the sidecar's check API: valid JSON with wrong types, missing fields,
/// hostile strings, deep nesting and duplicate keys (not random bytes, which fail on the first byte).
/// Every answer is a 4xx problem+json or a decision, never a 5xx, and never an allow: user:2, the only
/// subject in the bodies that parses, has opted out of everything checked.
/// </summary>
public sealed class CheckEndpointsFuzzTests : IAsyncLifetime
{
    private const string Email = "marketing.communications.email";
    private readonly HeedEnforcer _enforcer = TestReplica.Create();
    private TestWebApp _app = null!;

    public static TheoryData<string, string> Bodies()
    {
        string deep = new string('[', 1_000) + new string(']', 1_000);
        string deepObject = string.Concat(Enumerable.Repeat("{\"a\":", 1_000)) + "1" + new string('}', 1_000);
        // Not here: "user:%32" and "user::2". They are valid subjects (values "%32" and ":2", never decoded
        // or split again) distinct from user:2, so "allowed" is the right answer for them.
        string[] hostileSubjects =
        [
            "user:\u0000", "user:\u202E2", "user:2\r\nX-Injected: 1", "user:" + new string('9', 5_000),
            "user:２", "USER:2 ", ":", "", " ", "../user:2", "user:2\u0000",
        ];
        var data = new TheoryData<string, string>();
        foreach (string path in new[] { "/v1/check", "/v1/check/batch" })
        {
            string Wrap(string check) => path == "/v1/check" ? check : $$"""{"items":[{{check}}]}""";

            // Wrong types for every field.
            data.Add(path, Wrap($$"""{"subject":2,"purpose":"{{Email}}"}"""));
            data.Add(path, Wrap($$"""{"subject":["user:1"],"purpose":"{{Email}}"}"""));
            data.Add(path, Wrap($$"""{"subject":{"kind":"user","id":"1"},"purpose":"{{Email}}"}"""));
            data.Add(path, Wrap("""{"subject":"user:1","purpose":7}"""));
            data.Add(path, Wrap("""{"subject":"user:1","purpose":null}"""));
            data.Add(path, Wrap("""{"subject":"user:1","purpose":true}"""));
            data.Add(path, Wrap($$"""{"subject":"user:1","purpose":"{{Email}}","token":"abc"}"""));
            data.Add(path, Wrap($$"""{"subject":"user:1","purpose":"{{Email}}","token":1e400}"""));
            data.Add(path, Wrap($$"""{"subject":"user:1","purpose":"{{Email}}","service":{"name":"x"} }"""));

            // Missing fields.
            data.Add(path, Wrap("{}"));
            data.Add(path, Wrap("""{"subject":"user:1"}"""));
            data.Add(path, Wrap($$"""{"purpose":"{{Email}}"}"""));
            data.Add(path, Wrap("null"));

            // Hostile strings where a subject belongs.
            foreach (string subject in hostileSubjects)
            {
                data.Add(path, Wrap(JsonSerializer.Serialize(new { subject, purpose = Email })));
            }

            // Hostile purposes for an allowed subject.
            foreach (string purpose in new[] { "", "MARKETING", "marketing..email", "marketing.communications.email\u0000", new string('a', 10_000), "*" })
            {
                data.Add(path, Wrap(JsonSerializer.Serialize(new { subject = "user:1", purpose })));
            }

            // Unpaired surrogates, as JSON escapes (a .NET string cannot be serialized with one).
            data.Add(path, Wrap($$"""{"subject":"user:\uD800","purpose":"{{Email}}"}"""));
            data.Add(path, Wrap($$"""{"subject":"\uDFFFuser:2","purpose":"{{Email}}"}"""));

            // Deep nesting, in the body and inside a field.
            data.Add(path, deep);
            data.Add(path, deepObject);
            data.Add(path, Wrap($$"""{"subject":{{deep}},"purpose":"{{Email}}"}"""));

            // Duplicate keys: an answer for either subject is not an answer for the other, so whatever the
            // endpoint makes of them, it must not allow what user:2 opted out of.
            data.Add(path, Wrap($$"""{"subject":"user:2","subject":"user:1","purpose":"{{Email}}"}"""));
            data.Add(path, Wrap($$"""{"subject":"user:1","subject":"user:2","purpose":"{{Email}}"}"""));
        }

        // Batch structure itself.
        data.Add("/v1/check/batch", """{"items":{}}""");
        data.Add("/v1/check/batch", """{"items":[null]}""");
        data.Add("/v1/check/batch", """{"items":"user:1"}""");
        data.Add("/v1/check/batch", $$"""{"items":[{"subject":"user:2","purpose":"{{Email}}"}],"items":[{"subject":"user:1","purpose":"{{Email}}"}]}""");
        data.Add("/v1/check/batch", "[]");
        return data;
    }

    public async ValueTask InitializeAsync()
    {
        TestReplica.OptOut(_enforcer, "user:2", "marketing");
        TestReplica.OptOut(_enforcer, "user:1", "marketing");
        _enforcer.MarkApplied(9);
        _app = await TestWebApp.StartAsync(
            b =>
            {
                b.Services.AddSingleton<IHeedEnforcer>(_enforcer);
                b.Services.AddProblemDetails();
            },
            app => app.MapHeedCheckEndpoints());
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Check_HostileJson_ProblemOrDenialNeverAllow(string path, string json)
    {
        // Arrange
        using HttpClient client = _app.CreateClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        // Act
        HttpResponseMessage response = await client.PostAsync(path, content);
        string body = await response.Content.ReadAsStringAsync();

        // Assert
        ((int)response.StatusCode).ShouldBeLessThan(500, body);
        if ((int)response.StatusCode >= 400)
        {
            (await Problem.ReadAsync(response)).GetProperty("status").GetInt32().ShouldBe((int)response.StatusCode);
            return;
        }

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement answer = JsonDocument.Parse(body).RootElement;
        List<JsonElement> decisions = path == "/v1/check" ? new() { answer } : answer.GetProperty("results").EnumerateArray().ToList();
        decisions.ShouldNotBeEmpty();
        decisions.ShouldAllBe(d => !d.GetProperty("allowed").GetBoolean(), body);
    }
}
