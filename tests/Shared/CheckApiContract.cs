using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

// Compiled into each test project whose host serves the check API (linked, not referenced), so one suite
// holds the registry and every enforcement point to the same answers.
namespace Heed.Testing.Contracts;

/// <summary>
/// A running host of the check API, shared by the tests of one class (they only read): started once,
/// with user:2 and user:3 opted out of marketing and user:1 not.
/// </summary>
public abstract class CheckApiHost : IAsyncLifetime
{
    /// <summary>A client allowed to check (with a key where the host asks for one).</summary>
    public abstract HttpClient Client { get; }

    /// <summary>The LSN the host's answers reflect once started.</summary>
    public abstract long AppliedLsn { get; }

    public async ValueTask InitializeAsync()
    {
        await StartAsync();
        await OptOutAsync("user:3", "marketing");
        await OptOutAsync("user:2", "marketing");
    }

    public abstract ValueTask DisposeAsync();

    protected abstract Task StartAsync();

    /// <summary>Opts <paramref name="subject"/> out of <paramref name="purpose"/>; applied by the host on return.</summary>
    protected abstract Task OptOutAsync(string subject, string purpose);
}

/// <summary>
/// The check API's contract: what <c>POST /v1/check</c> and <c>/v1/check/batch</c> answer, on every host.
/// </summary>
/// <typeparam name="THost">The host under test.</typeparam>
public abstract class CheckApiContract<THost>(THost host) : IClassFixture<THost>
    where THost : CheckApiHost
{
    protected const string Email = "marketing.communications.email";

    protected THost Host { get; } = host;

    [Theory]
    [InlineData("user:1", Email, true, "allowed")]
    [InlineData("user:2", Email, false, "opted_out")]
    [InlineData("USER:2", Email, false, "opted_out")]
    [InlineData("user:2", "essential.security", true, "essential")]
    [InlineData("nokind", Email, false, "invalid_subject")]
    [InlineData("user:1", "no.such.purpose", false, "unknown_purpose")]
    public async Task Check_WellFormed_Gives200WithDecision(string subject, string purpose, bool allowed, string reason)
    {
        // Act
        HttpResponseMessage response = await Host.Client.PostAsJsonAsync("/v1/check", new { subject, purpose });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("allowed").GetBoolean().ShouldBe(allowed);
        body.GetProperty("reason").GetString().ShouldBe(reason);
        body.GetProperty("lsn").GetInt64().ShouldBe(Host.AppliedLsn);
        body.GetProperty("decisionId").GetString()!.ShouldMatch("^[0-9a-f]{32}$");
    }

    [Fact]
    public async Task Check_OptedOut_NamesMatchedNodeAndNothingWhenAllowed()
    {
        // Act
        JsonElement denied = await (await Host.Client.PostAsJsonAsync("/v1/check", new { subject = "user:2", purpose = Email, service = "mail" })).Content.ReadFromJsonAsync<JsonElement>();
        JsonElement allowed = await (await Host.Client.PostAsJsonAsync("/v1/check", new { subject = "user:1", purpose = Email })).Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        denied.GetProperty("matched").GetString().ShouldBe("marketing");
        allowed.TryGetProperty("matched", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Check_NamesAnyCaseAndEscapedAndUnknownMembersSkipped_Decides()
    {
        // Arrange: web JSON rules: member names in any case, escapes decoded, unknown members ignored.
        const string json = """{"SUBJECT":"user:\u0032","Purpose":"marketing.communications.email","extra":{"a":[1,2]},"token":null}""";

        // Act
        HttpResponseMessage response = await Host.Client.PostAsync("/v1/check", new StringContent(json, Encoding.UTF8, "application/json"));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString().ShouldBe("opted_out");
    }

    [Fact]
    public async Task Check_DecisionIds_AreUniqueAndTimeOrdered()
    {
        // Act
        var ids = new List<string>();
        for (int i = 0; i < 20; i++)
        {
            JsonElement body = await (await Host.Client.PostAsJsonAsync("/v1/check", new { subject = "user:1", purpose = Email })).Content.ReadFromJsonAsync<JsonElement>();
            ids.Add(body.GetProperty("decisionId").GetString()!);
        }

        // Assert: UUIDv7 (version nibble 7), distinct, their millisecond prefixes never going back.
        ids.Distinct().Count().ShouldBe(ids.Count);
        ids.ShouldAllBe(id => id[12] == '7');
        ids.Select(id => id[..12]).ShouldBeInOrder();
    }

    [Theory]
    [InlineData("{\"subject\":\"user:1\"")]
    [InlineData("{\"subject\":\"user:1\"}")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{\"subject\":1,\"purpose\":\"analytics\"}")]
    [InlineData("{\"subject\":\"user:1\",\"purpose\":\"analytics\"} {}")]
    [InlineData("{\"subject\":\"user:1\",\"purpose\":\"analytics\",}")]
    [InlineData("{\"subject\":\"user:2\",\"subject\":\"user:1\",\"purpose\":\"analytics\"}")]
    [InlineData("{\"subject\":\"user:1\",\"purpose\":\"analytics\",\"token\":-}")]
    [InlineData("{\"subject\":null,\"subject\":\"user:2\",\"purpose\":\"analytics\"}")]
    [InlineData("{\"subject\":\"user:1\",\"\\u0073\\u0075\\u0062\\u006a\\u0065\\u0063\\u0074\":\"user:2\",\"purpose\":\"analytics\"}")]
    public async Task Check_Malformed_Gives400Problem(string json)
    {
        // Act
        HttpResponseMessage response = await Host.Client.PostAsync("/v1/check", new StringContent(json, Encoding.UTF8, "application/json"));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ReadProblemAsync(response)).GetProperty("type").GetString().ShouldBe("https://heed.dev/problems/invalid-request");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Check_AnyContentType_IsReadAsJson(string mediaType)
    {
        // Arrange: what curl -d and a plain StringContent send.
        using var content = new StringContent($$"""{"subject":"user:2","purpose":"{{Email}}"}""", Encoding.UTF8, mediaType);

        // Act
        HttpResponseMessage response = await Host.Client.PostAsync("/v1/check", content);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString().ShouldBe("opted_out");
    }

    [Fact]
    public async Task Check_EscapedNames_AreTheSameMembers()
    {
        // Arrange: every character of both names escaped.
        const string json = """{"\u0073\u0075\u0062\u006a\u0065\u0063\u0074":"user:2","\u0070\u0075\u0072\u0070\u006f\u0073\u0065":"marketing.communications.email","token":"\u0031"}""";

        // Act
        HttpResponseMessage response = await Host.Client.PostAsync("/v1/check", new StringContent(json, Encoding.UTF8, "application/json"));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString().ShouldBe("opted_out");
    }

    [Fact]
    public async Task Check_MissingBoth_NamesBoth()
    {
        // Act
        HttpResponseMessage response = await Host.Client.PostAsync("/v1/check", new StringContent("{}", Encoding.UTF8, "application/json"));

        // Assert
        JsonElement errors = (await ReadProblemAsync(response)).GetProperty("errors");
        errors.TryGetProperty("subject", out _).ShouldBeTrue();
        errors.TryGetProperty("purpose", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Check_OverSizeBody_Gives413Problem()
    {
        // Arrange: a valid check, padded past the 64 KiB bound of a single check.
        string json = $$"""{"subject":"user:1","purpose":"{{Email}}","pad":"{{new string('x', 70_000)}}"}""";

        // Act
        HttpResponseMessage response = await Host.Client.PostAsync("/v1/check", new StringContent(json, Encoding.UTF8, "application/json"));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await ReadProblemAsync(response)).GetProperty("type").GetString().ShouldBe("https://heed.dev/problems/too-large");
    }

    [Fact]
    public async Task Check_TokenNeverApplied_Unconfirmed()
    {
        // Act
        HttpResponseMessage response = await Host.Client.PostAsJsonAsync("/v1/check", new { subject = "user:1", purpose = Email, token = Host.AppliedLsn + 1_000 });

        // Assert
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        body.GetProperty("reason").GetString().ShouldBe("unconfirmed");
    }

    [Theory]
    [InlineData("\"LSN\"")]
    [InlineData("null")]
    public async Task Check_TokenApplied_AnswersAsWithout(string form)
    {
        // Arrange: a token already applied, as a number-in-a-string (web rules) and as an absent one.
        string token = form == "null" ? "null" : $"\"{Host.AppliedLsn}\"";
        string json = $$"""{"subject":"user:2","purpose":"{{Email}}","token":{{token}}}""";

        // Act
        HttpResponseMessage response = await Host.Client.PostAsync("/v1/check", new StringContent(json, Encoding.UTF8, "application/json"));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString().ShouldBe("opted_out");
    }

    [Theory]
    [MemberData(nameof(CheckApiBodies.Hostile), MemberType = typeof(CheckApiBodies))]
    public async Task Check_HostileJson_ProblemOrDenialNeverAllow(string path, string json)
    {
        // Arrange
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        // Act
        HttpResponseMessage response = await Host.Client.PostAsync(path, content);
        string body = await response.Content.ReadAsStringAsync();

        // Assert
        ((int)response.StatusCode).ShouldBeLessThan(500, body);
        if ((int)response.StatusCode >= 400)
        {
            (await ReadProblemAsync(response)).GetProperty("status").GetInt32().ShouldBe((int)response.StatusCode);
            return;
        }

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement answer = JsonDocument.Parse(body).RootElement;
        List<JsonElement> decisions = path == "/v1/check" ? [answer] : [.. answer.GetProperty("results").EnumerateArray()];
        decisions.ShouldNotBeEmpty();
        decisions.ShouldAllBe(d => !d.GetProperty("allowed").GetBoolean(), body);
    }

    [Fact]
    public async Task CheckBatch_MixedItems_AnswersEachInOrder()
    {
        // Arrange
        var items = new[]
        {
            new { subject = "user:1", purpose = Email },
            new { subject = "user:2", purpose = Email },
            new { subject = "bad", purpose = Email },
            new { subject = "user:1", purpose = "no.such.purpose" },
        };

        // Act
        HttpResponseMessage response = await Host.Client.PostAsJsonAsync("/v1/check/batch", new { items });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("lsn").GetInt64().ShouldBe(Host.AppliedLsn);
        string[] reasons = [.. body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!)];
        reasons.ShouldBe(["allowed", "opted_out", "invalid_subject", "unknown_purpose"]);
        body.GetProperty("results")[1].GetProperty("matched").GetString().ShouldBe("marketing");
    }

    [Fact]
    public async Task CheckBatch_TooMany_Gives400Problem()
    {
        // Arrange
        var items = Enumerable.Range(0, 10_001).Select(i => new { subject = "user:" + i, purpose = Email });

        // Act
        HttpResponseMessage response = await Host.Client.PostAsJsonAsync("/v1/check/batch", new { items });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ReadProblemAsync(response)).GetProperty("detail").GetString()!.ShouldContain("10000");
    }

    [Fact]
    public async Task CheckBatch_ItemMissingPurpose_Gives400NamingItem()
    {
        // Act
        HttpResponseMessage response = await Host.Client.PostAsJsonAsync("/v1/check/batch", new { items = new object[] { new { subject = "user:1", purpose = Email }, new { subject = "user:1" } } });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ReadProblemAsync(response)).GetProperty("errors").TryGetProperty("items[1]", out _).ShouldBeTrue();
    }

    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response)
    {
        // Not `ContentType?.MediaType`: a response without a Content-Type must fail, not skip the check.
        response.Content.Headers.ContentType.ShouldNotBeNull("a problem response needs a Content-Type");
        response.Content.Headers.ContentType.MediaType.ShouldBe("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}

/// <summary>Hostile bodies for both check endpoints: each must get a problem or a denial, never an allow.</summary>
public static class CheckApiBodies
{
    public const string Email = "marketing.communications.email";

    public static TheoryData<string, string> Hostile()
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
            data.Add(path, Wrap($$"""{"subject":["user:3"],"purpose":"{{Email}}"}"""));
            data.Add(path, Wrap($$"""{"subject":{"kind":"user","id":"3"},"purpose":"{{Email}}"}"""));
            data.Add(path, Wrap("""{"subject":"user:3","purpose":7}"""));
            data.Add(path, Wrap("""{"subject":"user:3","purpose":null}"""));
            data.Add(path, Wrap("""{"subject":"user:3","purpose":true}"""));
            data.Add(path, Wrap($$"""{"subject":"user:3","purpose":"{{Email}}","token":"abc"}"""));
            data.Add(path, Wrap($$"""{"subject":"user:3","purpose":"{{Email}}","token":1e400}"""));
            data.Add(path, Wrap($$"""{"subject":"user:3","purpose":"{{Email}}","service":{"name":"x"} }"""));

            // Missing fields.
            data.Add(path, Wrap("{}"));
            data.Add(path, Wrap("""{"subject":"user:3"}"""));
            data.Add(path, Wrap($$"""{"purpose":"{{Email}}"}"""));
            data.Add(path, Wrap("null"));

            // Hostile strings where a subject belongs.
            foreach (string subject in hostileSubjects)
            {
                data.Add(path, Wrap(JsonSerializer.Serialize(new { subject, purpose = Email })));
            }

            // Hostile purposes for an opted-out subject.
            foreach (string purpose in new[] { "", "MARKETING", "marketing..email", "marketing.communications.email\u0000", new string('a', 10_000), "*" })
            {
                data.Add(path, Wrap(JsonSerializer.Serialize(new { subject = "user:3", purpose })));
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
        data.Add("/v1/check/batch", """{"items":"user:3"}""");
        data.Add("/v1/check/batch", $$"""{"items":[{"subject":"user:2","purpose":"{{Email}}"}],"items":[{"subject":"user:1","purpose":"{{Email}}"}]}""");
        data.Add("/v1/check/batch", "[]");
        return data;
    }
}
