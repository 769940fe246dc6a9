using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using Heed.Client;
using Heed.Gate.CloudEvents;
using Heed.Gate.Tests.Infrastructure;
using Heed.Testing.Schemas;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Gate.Tests.CloudEvents;

/// <summary>
/// CloudEvents routes (<c>Heed.CloudEvents</c>) with events built by the CloudEvents SDK, in binary, structured
/// and batched mode, through a real registry, gate and Kestrel upstream: every schema rejection is 422 with
/// its reason and counted, allowed events are forwarded, opted-out ones denied.
/// </summary>
public sealed class CloudEventGateTests : IClassFixture<GateServer>, IDisposable
{
    public static readonly TheoryData<string> Modes = ["binary", "structured", "batch"];

    private static readonly JsonEventFormatter Formatter = new();
    private readonly GateServer _server;
    private readonly SchemaRejectionListener _rejections = new();
    private readonly string _producer = "/producers/" + Guid.NewGuid().ToString("N");

    public CloudEventGateTests(GateServer server)
    {
        _server = server;
        server.Gate.App.Services.GetRequiredService<IHeedEnforcer>().Replica.Schemas = TestSchemas.Catalog();
    }

    public static TheoryData<string, string, object?, string> Rejections()
    {
        var data = new TheoryData<string, string, object?, string>();
        foreach (string mode in Modes)
        {
            data.Add(mode, TestSchemas.Unknown, 3, "unknown_type");
            data.Add(mode, TestSchemas.Order, 9, "unknown_version");
            data.Add(mode, TestSchemas.Order, 2, "retired");
            data.Add(mode, TestSchemas.Order, 1, "below_minimum");
            data.Add(mode, TestSchemas.Order, null, "ambiguous");
            data.Add(mode, TestSchemas.Order, "3.0", "ambiguous");
            data.Add(mode, TestSchemas.Order, "03", "ambiguous");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Event_ResolvesToNoAcceptedVersion_422WithReasonAndCounted(string mode, string type, object? version, string reason)
    {
        // Arrange
        string trace = Guid.NewGuid().ToString("N");
        CloudEvent cloudEvent = TestSchemas.Event(type, version, "user:" + trace, _producer);

        // Act
        HttpResponseMessage response = await SendAsync(mode, [cloudEvent], trace);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        JsonElement refused = mode == "batch" ? problem.GetProperty("events")[0] : problem;
        refused.GetProperty("reason").GetString().ShouldBe(reason);
        refused.GetProperty("eventType").GetString().ShouldBe(type);
        refused.GetProperty("schemaVersion").GetString().ShouldBe(version?.ToString() ?? "");
        problem.GetProperty("type").GetString().ShouldEndWith(mode == "batch" ? "/batch-refused" : "/schema-rejected");
        _server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
        _rejections.Of(_producer).ShouldBe([$"{type}/{version?.ToString() ?? ""}/{reason}"]);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Event_DataSchemaOtherThanRegistered_RefusedAsAmbiguous(string mode)
    {
        string trace = Guid.NewGuid().ToString("N");
        CloudEvent cloudEvent = TestSchemas.Event(TestSchemas.Order, 4, "user:" + trace, _producer, "https://schemas.example.com/order/3");

        HttpResponseMessage response = await SendAsync(mode, [cloudEvent], trace);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        _rejections.Of(_producer).ShouldBe([$"{TestSchemas.Order}/4/ambiguous"]);
    }

    [Fact]
    public async Task BinaryEvent_SchemaVersionHeaderTwice_RefusedAsAmbiguous()
    {
        string trace = Guid.NewGuid().ToString("N");
        using HttpRequestMessage request = Request("binary", [TestSchemas.Event(TestSchemas.Order, 3, "user:" + trace, _producer)], trace);
        request.Content!.Headers.TryAddWithoutValidation("ce-schemaversion", "3");

        HttpResponseMessage response = await _server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetString()!.ShouldContain("2 times");
        _rejections.Of(_producer).ShouldBe([$"{TestSchemas.Order}//ambiguous"]);
    }

    [Theory]
    [InlineData("binary", 3)]
    [InlineData("binary", 4)]
    [InlineData("structured", 3)]
    [InlineData("structured", 4)]
    [InlineData("batch", 3)]
    [InlineData("batch", 4)]
    public async Task Event_AllowedForEveryPurposeOfItsVersion_ForwardedUnchanged(string mode, int version)
    {
        string trace = Guid.NewGuid().ToString("N");
        CloudEvent cloudEvent = TestSchemas.Event(TestSchemas.Order, version, "user:" + trace, _producer, version == 4 ? TestSchemas.DataSchema : null);

        HttpResponseMessage response = await SendAsync(mode, [cloudEvent], trace);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _server.Upstream.Requests[trace].Body.ShouldContain(trace);
        _rejections.Of(_producer).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("binary", 3)]
    [InlineData("binary", 4)]
    [InlineData("structured", 3)]
    [InlineData("structured", 4)]
    public async Task Event_SubjectOptedOutOfOnePurposeOfItsVersion_Denied(string mode, int version)
    {
        // Arrange: opted out of the second purpose only; v3 finds the subject in the attribute, v4 in the data.
        string user = Guid.NewGuid().ToString("N");
        await _server.Registry.OptOutAsync("user:" + user, "personalize.content");
        string trace = Guid.NewGuid().ToString("N");

        // Act
        HttpResponseMessage response = await SendAsync(mode, [TestSchemas.Event(TestSchemas.Order, version, "user:" + user, _producer, version == 4 ? TestSchemas.DataSchema : null)], trace);
        HttpResponseMessage dropped = await SendAsync(mode, [TestSchemas.Event(TestSchemas.Order, version, "user:" + user, _producer, version == 4 ? TestSchemas.DataSchema : null)], trace + "-drop", "/events-drop");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        problem.GetProperty("reason").GetString().ShouldBe("opted_out");
        problem.GetProperty("purpose").GetString().ShouldBe("personalize.content");
        dropped.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        _server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
        _server.Upstream.Requests.ContainsKey(trace + "-drop").ShouldBeFalse();
        _rejections.Of(_producer).ShouldBeEmpty();
    }

    [Fact]
    public async Task Batch_SomeEventsRefused_OnlyTheOthersForwardedAndTheRefusedNamed()
    {
        // Arrange: allowed (v3), retired (v2), opted out (v4), unknown type, allowed (v4).
        string trace = Guid.NewGuid().ToString("N");
        string optedOut = Guid.NewGuid().ToString("N");
        await _server.Registry.OptOutAsync("user:" + optedOut, "analytics.reporting");
        CloudEvent[] batch =
        [
            TestSchemas.Event(TestSchemas.Order, 3, "user:a" + trace, _producer),
            TestSchemas.Event(TestSchemas.Order, 2, "user:b" + trace, _producer),
            TestSchemas.Event(TestSchemas.Order, 4, "user:" + optedOut, _producer, TestSchemas.DataSchema),
            TestSchemas.Event(TestSchemas.Unknown, 1, "user:c" + trace, _producer),
            TestSchemas.Event(TestSchemas.Order, 4, "user:d" + trace, _producer, TestSchemas.DataSchema),
        ];

        // Act
        HttpResponseMessage response = await SendAsync("batch", batch, trace);

        // Assert: the upstream got a batch of exactly the two allowed events, in order.
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues(HttpCloudEvents.RefusedHeader).Single().ShouldBe("1=retired,2=opted_out,3=unknown_type");
        Upstream.Received received = _server.Upstream.Requests[trace];
        received.Headers["Content-Type"].ShouldStartWith("application/cloudevents-batch+json");
        using JsonDocument forwarded = JsonDocument.Parse(received.Body);
        forwarded.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ShouldBe([batch[0].Id, batch[4].Id]);
        _rejections.Of(_producer).Order().ShouldBe([$"{TestSchemas.Order}/2/retired", $"{TestSchemas.Unknown}/1/unknown_type"]);
    }

    [Theory]
    [InlineData("application/cloudevents+xml")]
    [InlineData("application/cloudevents")]
    [InlineData("Application/CloudEvents+Protobuf; charset=utf-8")]
    public async Task BinaryHeaders_WithAnotherCloudEventsFormat_400AndNothingForwarded(string contentType)
    {
        // Arrange: ce- headers of an event that would pass, and a body in a CloudEvents format the upstream
        // reads as structured, holding another event the gate would never have judged.
        string trace = Guid.NewGuid().ToString("N");
        using HttpRequestMessage request = Request("binary", [TestSchemas.Event(TestSchemas.Order, 3, "user:" + trace, _producer)], trace);
        HttpContent binary = request.Content!;
        request.Content = new StringContent("<event subject=\"user:opted-out\"/>");
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        foreach (KeyValuePair<string, IEnumerable<string>> header in binary.Headers.Where(h => h.Key.StartsWith("ce-", StringComparison.OrdinalIgnoreCase)))
        {
            request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        binary.Dispose();

        // Act
        HttpResponseMessage response = await _server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        _server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
    }

    [Fact]
    public async Task Route_RequestThatIsNoCloudEvent_400AndNothingForwarded()
    {
        string trace = Guid.NewGuid().ToString("N");
        using HttpRequestMessage request = Requests.For("header", "block", "8812", trace);
        request.RequestUri = new Uri("/events", UriKind.Relative);

        HttpResponseMessage response = await _server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        _server.Upstream.Requests.ContainsKey(trace).ShouldBeFalse();
    }

    public void Dispose() => _rejections.Dispose();

    private async Task<HttpResponseMessage> SendAsync(string mode, IReadOnlyList<CloudEvent> events, string trace, string path = "/events")
    {
        using HttpRequestMessage request = Request(mode, events, trace, path);
        return await _server.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static HttpRequestMessage Request(string mode, IReadOnlyList<CloudEvent> events, string trace, string path = "/events")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = mode switch
            {
                "binary" => events.Single().ToHttpContent(ContentMode.Binary, Formatter),
                "structured" => events.Single().ToHttpContent(ContentMode.Structured, Formatter),
                _ => events.ToHttpContent(Formatter),
            },
        };
        request.Headers.Add(Upstream.TraceHeader, trace);
        return request;
    }
}
