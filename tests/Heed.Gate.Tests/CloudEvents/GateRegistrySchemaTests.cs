using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using Heed.Gate.CloudEvents;
using Heed.Gate.Tests.Infrastructure;
using Heed.Testing.Schemas;

namespace Heed.Gate.Tests.CloudEvents;

/// <summary>
/// End to end through the registry: versions registered with <c>POST /v1/schemas</c> reach the gate on the
/// replication stream, and a producer streaming v1 while v1 is retired sees no v1 event forwarded from the
/// moment the retirement is acknowledged (<c>enforced: true</c>).
/// </summary>
public sealed class GateRegistrySchemaTests(GateServer server) : IClassFixture<GateServer>
{
    private static readonly JsonEventFormatter Formatter = new();
    private readonly string _type = "com.example.e2e." + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Gate_VersionRetiredThroughTheRegistryWhileStreaming_NoEventOfItForwardedAfterTheAcknowledgement()
    {
        // Arrange: v1 and v2 registered (each acknowledged, so the gate holds them).
        using HttpClient admin = server.Registry.Client(server.Registry.AdminKey);
        await RegisterAsync(admin, 1);
        await RegisterAsync(admin, 2);
        (await SendAsync(Event(1, "first"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Act: a producer streams v1 and v2 events while v1 is retired.
        var sent = new List<(int Version, long SentAt, HttpStatusCode Status, string? Reason)>();
        using var stop = new CancellationTokenSource();
        using var answered = new SemaphoreSlim(0);
        Task producer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                int version = i % 2 == 0 ? 1 : 2;
                long sentAt = Stopwatch.GetTimestamp();
                HttpResponseMessage response = await SendAsync(Event(version, $"s{i}"));
                string? reason = response.StatusCode == HttpStatusCode.OK ? null
                    : (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None)).GetProperty("reason").GetString();
                lock (sent)
                {
                    sent.Add((version, sentAt, response.StatusCode, reason));
                }

                answered.Release();
            }
        });
        await AnsweredAsync(answered, 20);
        HttpResponseMessage retired = await admin.PostAsync($"/v1/schemas/{Uri.EscapeDataString(_type)}/versions/1/retire", null, TestContext.Current.CancellationToken);
        long acknowledgedAt = Stopwatch.GetTimestamp();
        JsonElement acknowledgement = await retired.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        await AnsweredAsync(answered, 20);
        await stop.CancelAsync();
        await producer;
        using var batch = new HttpRequestMessage(HttpMethod.Post, "/events") { Content = new[] { Event(1, "b1"), Event(2, "b2") }.ToHttpContent(Formatter) };
        HttpResponseMessage batched = await server.Client.SendAsync(batch, TestContext.Current.CancellationToken);

        // Assert
        retired.StatusCode.ShouldBe(HttpStatusCode.OK);
        acknowledgement.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        sent.Where(s => s.SentAt > acknowledgedAt && s.Version == 1).ShouldNotBeEmpty();
        sent.Where(s => s.SentAt > acknowledgedAt && s.Version == 1).ShouldAllBe(s => s.Status == HttpStatusCode.UnprocessableEntity && s.Reason == "retired");
        sent.Where(s => s.Version == 2).ShouldAllBe(s => s.Status == HttpStatusCode.OK);
        batched.Headers.GetValues(HttpCloudEvents.RefusedHeader).Single().ShouldBe("0=retired");
    }

    /// <summary>Waits for <paramref name="count"/> more of the producer's answers.</summary>
    private static async Task AnsweredAsync(SemaphoreSlim answered, int count)
    {
        using var deadline = new CancellationTokenSource(GateServer.Wait);
        for (var i = 0; i < count; i++)
        {
            await answered.WaitAsync(deadline.Token);
        }
    }

    private async Task RegisterAsync(HttpClient admin, int version)
    {
        HttpResponseMessage response = await admin.PostAsJsonAsync("/v1/schemas", new { type = _type, version, purposes = TestSchemas.Purposes }, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("enforced").GetBoolean().ShouldBeTrue();
    }

    private CloudEvent Event(int version, string user) => TestSchemas.Event(_type, version, "user:e2e-" + user, "/producers/e2e");

    private async Task<HttpResponseMessage> SendAsync(CloudEvent cloudEvent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events") { Content = cloudEvent.ToHttpContent(ContentMode.Binary, Formatter) };
        return await server.Client.SendAsync(request, CancellationToken.None);
    }
}
