using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using Heed.Client;
using Heed.Core.Schemas;
using Heed.Gate.CloudEvents;
using Heed.Gate.Tests.Infrastructure;
using Heed.Testing.Schemas;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Gate.Tests.CloudEvents;

/// <summary>A producer moves from v3 to v4 while v3 is retired under the running gate: once the gate's
/// replica holds the catalog with v3 retired, no v3 event is forwarded, alone or in a batch.</summary>
public sealed class GateVersionUpgradeTests(GateServer server) : IClassFixture<GateServer>
{
    private static readonly JsonEventFormatter Formatter = new();

    [Fact]
    public async Task Gate_VersionRetiredMidStream_NoEventOfItForwardedAfterwards()
    {
        // Arrange: v3 events are forwarded.
        SetCatalog(TestSchemas.Catalog());
        var before = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            before.Add((await SendAsync(Event(3, i), ContentMode.Binary)).StatusCode);
        }

        // Act: v3 retired; the producer goes on sending v3 (some still) and v4.
        SetCatalog(TestSchemas.Catalog(v3: SchemaStatus.Retired));
        var after = new List<(int Version, HttpResponseMessage Response)>();
        for (var i = 0; i < 20; i++)
        {
            int version = i % 2 == 0 ? 3 : 4;
            after.Add((version, await SendAsync(Event(version, i), i % 4 < 2 ? ContentMode.Binary : ContentMode.Structured)));
        }

        using var batch = new HttpRequestMessage(HttpMethod.Post, "/events") { Content = new[] { Event(3, 90), Event(4, 91) }.ToHttpContent(Formatter) };
        HttpResponseMessage batched = await server.Client.SendAsync(batch, TestContext.Current.CancellationToken);

        // Assert
        before.ShouldAllBe(s => s == HttpStatusCode.OK);
        foreach ((int version, HttpResponseMessage response) in after.Where(a => a.Version == 3))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("reason").GetString().ShouldBe("retired");
        }

        after.Where(a => a.Version == 4).ShouldAllBe(a => a.Response.StatusCode == HttpStatusCode.OK);
        batched.StatusCode.ShouldBe(HttpStatusCode.OK);
        batched.Headers.GetValues(HttpCloudEvents.RefusedHeader).Single().ShouldBe("0=retired");
    }

    private static CloudEvent Event(int version, int i) =>
        TestSchemas.Event(TestSchemas.Order, version, $"user:upgrade-{i}", "/producers/upgrade", version == 4 ? TestSchemas.DataSchema : null);

    private async Task<HttpResponseMessage> SendAsync(CloudEvent cloudEvent, ContentMode mode)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events") { Content = cloudEvent.ToHttpContent(mode, Formatter) };
        return await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>What the replica's applier does when a ChangeBatch carries the registry's new schema set.</summary>
    private void SetCatalog(SchemaCatalog catalog) => server.Gate.App.Services.GetRequiredService<IHeedEnforcer>().Replica.Schemas = catalog;
}
