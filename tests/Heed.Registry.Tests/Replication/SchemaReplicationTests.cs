using Heed.Protocol.V1;
using Heed.Registry.State;
using Heed.Registry.Tests.Infrastructure;
using Heed.Registry.Tests.Schemas;
using Microsoft.Extensions.DependencyInjection;
using static Heed.Registry.Tests.Schemas.SchemaCalls;

namespace Heed.Registry.Tests.Replication;

/// <summary>The schema registry on the replication stream: the whole set in every welcome, and in a change batch
/// only when its commits changed schemas (docs/schemas.md).</summary>
public sealed class SchemaReplicationTests : IAsyncLifetime
{
    private RegistryServer _server = null!;
    private HttpClient _admin = null!;

    private RegistryState State => _server.Handle.App.Services.GetRequiredService<RegistryState>();

    public async ValueTask InitializeAsync()
    {
        _server = await RegistryServer.StartAsync();
        _admin = await _server.ClientAsync("admin");
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Welcome_AtHead_CarriesTheWholeSet()
    {
        await _admin.RegisteredAsync(1);
        await _admin.RegisteredAsync(2, "\"marketing\",\"analytics\"");
        (await _admin.StatusAsync("1", "retire")).EnsureSuccessStatusCode();
        (await _admin.MinimumAsync("""{"minVersion":2}""")).EnsureSuccessStatusCode();
        await using var replica = RawReplica.Connect(_server.Handle.Endpoints.GrpcUrl, await _server.KeyAsync("enforcer"));

        await replica.SendAsync(RawReplica.AtHead(State));
        Welcome welcome = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Welcome)).Welcome;

        welcome.SnapshotFollows.ShouldBeFalse();
        EventType type = welcome.Schemas.Types_.ShouldHaveSingleItem();
        type.Type.ShouldBe(OrderType);
        type.MinVersion.ShouldBe(2u);
        type.Versions.Select(v => (v.Version, v.Status, v.SubjectPointer)).ShouldBe([(1u, "retired", "/customer/id"), (2u, "active", "/customer/id")]);
        type.Versions[1].Purposes.ShouldBe(["analytics", "marketing"]);
    }

    [Fact]
    public async Task ChangeBatch_OnlyForSchemaCommits_CarriesTheSetAsOfItsLsn()
    {
        await using var replica = RawReplica.Connect(_server.Handle.Endpoints.GrpcUrl, await _server.KeyAsync("enforcer"));
        await replica.SendAsync(RawReplica.AtHead(State));
        (await replica.NextAsync(RegistryMessage.BodyOneofCase.Welcome)).Welcome.Schemas.Types_.ShouldBeEmpty();

        await _admin.RegisteredAsync(1);
        ChangeBatch registered = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;
        (await _admin.PutAsync("/v1/subjects/user:schema-1/optouts/marketing", null)).EnsureSuccessStatusCode();
        ChangeBatch optOut = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;
        (await _admin.StatusAsync("1", "deprecate")).EnsureSuccessStatusCode();
        ChangeBatch deprecated = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;

        registered.Schemas.Types_.ShouldHaveSingleItem().Versions.ShouldHaveSingleItem().Status.ShouldBe("active");
        optOut.Schemas.ShouldBeNull();
        deprecated.Schemas.Types_.ShouldHaveSingleItem().Versions.ShouldHaveSingleItem().Status.ShouldBe("deprecated");
    }
}
