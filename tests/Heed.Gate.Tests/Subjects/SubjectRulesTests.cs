using System.Net;
using System.Text;
using System.Text.Json;
using Heed.Gate.Tests.Infrastructure;

namespace Heed.Gate.Tests.Subjects;

/// <summary>The gate derives the registry's subject from every spelling of it, and refuses what an upstream
/// could read as someone else: lists, parameters, padded or non-integer numbers, ambiguous JSON.</summary>
public sealed class SubjectRulesTests(GateServer server) : IClassFixture<GateServer>
{
    private const string Purpose = "analytics.reporting";

    [Theory]
    [InlineData("Email:{0}@example.com")]
    [InlineData("EMAIL:{0}@example.com")]
    [InlineData(" email:{0}@example.com ")]
    [InlineData("email:{0}@EXAMPLE.com")]
    public async Task Header_KindInAnyCaseOrPadded_IsDeniedOnceOptedOut(string spelling)
    {
        // Arrange
        string id = "alice-" + Guid.NewGuid().ToString("N");
        await server.Registry.OptOutAsync($"email:{id}@example.com", Purpose);

        // Act
        HttpResponseMessage response = await SendHeaderAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, spelling, id), out string trace);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ReasonAsync(response)).ShouldBe("opted_out");
        server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
    }

    [Theory]
    [InlineData("{0},42")]
    [InlineData("42,{0}")]
    [InlineData("{0};x=1")]
    [InlineData("0{0}")]
    [InlineData("E-mail:{0}@example.com")]
    [InlineData("{0}:x")]
    public async Task Header_ListParametersPaddingOrBadKind_IsRefused(string spelling)
    {
        // Arrange
        string id = Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await server.Registry.OptOutAsync("user:" + id, Purpose);

        // Act
        HttpResponseMessage response = await SendHeaderAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, spelling, id), out string trace);

        // Assert: never prefixed into another subject ("user:E-mail:…") and forwarded.
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ReasonAsync(response)).ShouldBe("invalid_subject");
        server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
    }

    [Theory]
    [InlineData("%EF%BC%98%EF%BC%98%EF%BC%91%EF%BC%92")] // full-width digits
    [InlineData("88%E2%80%8B12")] // zero-width space
    [InlineData("%E2%80%8F8812")] // right-to-left mark
    [InlineData("%EF%BB%BF8812")] // BOM
    public async Task Query_InvisibleOrFullWidthCharacters_AreRefused(string encoded)
    {
        // Act
        string trace = Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Post, "/query/block?uid=" + encoded) { Content = new StringContent("{}") };
        request.Headers.Add(Upstream.TraceHeader, trace);
        HttpResponseMessage response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ReasonAsync(response)).ShouldBe("invalid_subject");
        server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"user":{"id":{0}.0}}""")]
    [InlineData("""{"user":{"id":{0}e0}}""")]
    [InlineData("""{"user":{"id":{0}0e-1}}""")]
    [InlineData("""{"user":{"id":"{0}","id":"1"}}""")]
    [InlineData("""{"user":{"id":"1","id":"{0}"}}""")]
    [InlineData("""{"user":{"id":"1","ID":"{0}"}}""")]
    [InlineData("""{"User":{"id":"{0}"},"user":{"id":"1"}}""")]
    [InlineData("""{"user":{"id":9007199254740993}}""")]
    public async Task Json_NonIntegerNumberOrAmbiguousKeys_IsRefused(string template)
    {
        // Arrange
        string id = Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await server.Registry.OptOutAsync("user:" + id, Purpose);

        // Act
        HttpResponseMessage response = await SendJsonAsync("/json/block", template.Replace("{0}", id, StringComparison.Ordinal), out string trace);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ReasonAsync(response)).ShouldBe("invalid_subject");
        server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
    }

    [Fact]
    public async Task Json_PlainIntegerOfOptedOutSubject_IsDenied()
    {
        // Arrange
        string id = Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await server.Registry.OptOutAsync("user:" + id, Purpose);

        // Act
        HttpResponseMessage response = await SendJsonAsync("/json/block", "{\"user\":{\"id\":" + id + "}}", out _);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ReasonAsync(response)).ShouldBe("opted_out");
    }

    [Theory]
    [InlineData("""{"user":{"id":"x","email":"a@x.com","email":"b@x.com"}}""")]
    [InlineData("""{"user":{"email":"a@x.com","Email":"b@x.com"}}""")]
    [InlineData("""{"a":1,"a":2}""")]
    public async Task Redact_BodyWithDuplicateOrCaseVariantKeys_IsDeniedNeverA500(string body)
    {
        // Arrange: the subject comes from the header, so the body is read only to redact it.
        string id = "dup-" + Guid.NewGuid().ToString("N");
        await server.Registry.OptOutAsync("user:" + id, Purpose);
        string trace = Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Post, "/header/redact") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(Upstream.TraceHeader, trace);
        request.Headers.Add("X-User-Id", id);

        // Act
        HttpResponseMessage response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await ReasonAsync(response)).ShouldBe("opted_out");
        server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
    }

    private Task<HttpResponseMessage> SendHeaderAsync(string value, out string trace)
    {
        trace = Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Post, "/header/block") { Content = new StringContent("{}") };
        request.Headers.Add(Upstream.TraceHeader, trace);
        request.Headers.TryAddWithoutValidation("X-User-Id", value).ShouldBeTrue();
        return server.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private Task<HttpResponseMessage> SendJsonAsync(string path, string body, out string trace)
    {
        trace = Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(Upstream.TraceHeader, trace);
        return server.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<string?> ReasonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.TryGetProperty("reason", out JsonElement reason)
            ? reason.GetString()
            : null;
}
