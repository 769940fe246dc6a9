using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Heed.Client.Tests.Infrastructure;
using Heed.Core.Schemas;

namespace Heed.Client.Tests.EndToEnd;

/// <summary>The schema registry from the registry's API to the SDK replica's catalog (docs/schemas.md): a write
/// acknowledged as enforced is already in the replica's catalog, and a replica that connects gets the set in the welcome.</summary>
public sealed class RegistrySchemaTests
{
    private const string Type = "com.example/order.placed";
    private const string TypePath = "/v1/schemas/com.example%2Forder.placed";

    [Fact]
    public async Task Retire_OnceAcknowledged_IsRefusedAtTheReplica()
    {
        // Arrange: a lease longer than any write here takes, so "enforced" can only mean the replica acked.
        await using RealRegistry registry = await RealRegistry.StartAsync(configure: o => o.Lease = TimeSpan.FromSeconds(2));
        await using ReplicaHost replica = await ReplicaHost.StartAsync(registry.GrpcUrl, key: registry.AdminKey);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);

        // Act: each answer is read before the replica's catalog, with no waiting in between.
        JsonElement first = await WriteAsync(registry.Admin.PostAsync("/v1/schemas", Body($$"""{"type":"{{Type}}","version":1,"purposes":["marketing"]}""")), HttpStatusCode.Created);
        JsonElement second = await WriteAsync(registry.Admin.PostAsync("/v1/schemas", Body($$"""{"type":"{{Type}}","version":2,"purposes":["marketing","analytics"]}""")), HttpStatusCode.Created);
        SchemaCatalog afterRegister = replica.Enforcer.Replica.Schemas;
        JsonElement retired = await WriteAsync(registry.Admin.PostAsync($"{TypePath}/versions/1/retire", null), HttpStatusCode.OK);
        SchemaCatalog afterRetire = replica.Enforcer.Replica.Schemas;

        // Assert
        first.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        second.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        retired.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        afterRegister.Resolve(Type, 1).Accepted.ShouldBeTrue();
        afterRegister.Resolve(Type, 2).Schema!.Purposes.ShouldBe(["analytics", "marketing"]);
        afterRegister.Resolve(Type, 2).Schema!.SubjectIsAttribute.ShouldBeTrue();
        afterRetire.Resolve(Type, 1).Rejection.ShouldBe(SchemaRejection.Retired);
        afterRetire.Resolve(Type, 2).Accepted.ShouldBeTrue();
        afterRetire.Resolve("com.example.unknown", 1).Rejection.ShouldBe(SchemaRejection.UnknownType);
    }

    [Fact]
    public async Task Minimum_OnceAcknowledged_IsEnforcedAtTheReplica()
    {
        await using RealRegistry registry = await RealRegistry.StartAsync(configure: o => o.Lease = TimeSpan.FromSeconds(2));
        await using ReplicaHost replica = await ReplicaHost.StartAsync(registry.GrpcUrl, key: registry.AdminKey);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);
        await WriteAsync(registry.Admin.PostAsync("/v1/schemas", Body($$"""{"type":"{{Type}}","version":1,"purposes":["marketing"]}""")), HttpStatusCode.Created);
        await WriteAsync(registry.Admin.PostAsync("/v1/schemas", Body($$"""{"type":"{{Type}}","version":2,"purposes":["marketing"]}""")), HttpStatusCode.Created);

        JsonElement raised = await WriteAsync(registry.Admin.PutAsync($"{TypePath}/minimum", Body("""{"minVersion":2}""")), HttpStatusCode.OK);
        SchemaCatalog after = replica.Enforcer.Replica.Schemas;

        raised.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        after.MinimumVersion(Type).ShouldBe(2);
        after.Resolve(Type, 1).Rejection.ShouldBe(SchemaRejection.BelowMinimum);
        after.Resolve(Type, 2).Accepted.ShouldBeTrue();
    }

    [Fact]
    public async Task Connect_AfterRegistryRestart_GetsTheKeptSetInTheWelcome()
    {
        // Arrange: the set is written, and the registry restarted on the same data.
        string data = Path.Combine(Path.GetTempPath(), "heed-client-tests", Guid.NewGuid().ToString("N"));
        await using (RealRegistry first = await RealRegistry.StartAsync(data))
        {
            await WriteAsync(first.Admin.PostAsync("/v1/schemas", Body($$"""{"type":"{{Type}}","version":1,"purposes":["marketing"],"subjectPointer":"/customer/id"}""")), HttpStatusCode.Created);
            await WriteAsync(first.Admin.PostAsync("/v1/schemas", Body($$"""{"type":"{{Type}}","version":2,"purposes":["marketing"],"subjectPointer":"/customer/id","dataschema":"https://schemas.example.com/order/2"}""")), HttpStatusCode.Created);
            await WriteAsync(first.Admin.PostAsync($"{TypePath}/versions/1/retire", null), HttpStatusCode.OK);
            await WriteAsync(first.Admin.PutAsync($"{TypePath}/minimum", Body("""{"minVersion":2}""")), HttpStatusCode.OK);
        }

        await using RealRegistry registry = await RealRegistry.StartAsync(data);

        // Act
        await using ReplicaHost replica = await ReplicaHost.StartAsync(registry.GrpcUrl, key: registry.AdminKey);
        await Waits.UntilAsync(replica.Enforcer, () => replica.Enforcer.IsFresh);

        // Assert
        SchemaCatalog catalog = replica.Enforcer.Replica.Schemas;
        catalog.Resolve(Type, 1).Rejection.ShouldBe(SchemaRejection.Retired);
        EventSchema v2 = catalog.Resolve(Type, 2).Schema.ShouldNotBeNull();
        v2.SubjectPointer.ShouldBe("/customer/id");
        v2.DataSchema.ShouldBe("https://schemas.example.com/order/2");
        catalog.MinimumVersion(Type).ShouldBe(2);
        (await registry.Admin.GetFromJsonAsync<JsonElement>(TypePath, TestContext.Current.CancellationToken)).GetProperty("versions").GetArrayLength().ShouldBe(2);
        Directory.Delete(data, recursive: true);
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> WriteAsync(Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await call;
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
