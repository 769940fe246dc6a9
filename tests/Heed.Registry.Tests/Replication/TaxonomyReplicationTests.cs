using System.Net.Http.Json;
using Heed.Core.Purposes;
using Heed.Protocol.V1;
using Heed.Registry.State;
using Heed.Registry.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Tests.Replication;

/// <summary>The taxonomy on the replication stream: whole in every Welcome, and whole again in exactly the
/// change batches whose commits added or deprecated a purpose.</summary>
public sealed class TaxonomyReplicationTests
{
    [Fact]
    public async Task Sync_WelcomeAndBatches_CarryTheTaxonomyOnlyWhenItChanged()
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient admin = await server.ClientAsync("admin");
        RegistryState state = server.Handle.App.Services.GetRequiredService<RegistryState>();
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, await server.KeyAsync("enforcer"));

        // Act
        await replica.SendAsync(RawReplica.AtHead(state));
        Welcome welcome = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Welcome)).Welcome;
        Task<HttpResponseMessage> optOut = admin.PutAsync("/v1/subjects/user:1/optouts/analytics", null);
        ChangeBatch plain = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;
        await replica.AckAsync(plain.LastLsn);
        (await optOut).EnsureSuccessStatusCode();
        Task<HttpResponseMessage> add = admin.PostAsJsonAsync("/v1/purposes", new { name = "research.surveys" });
        ChangeBatch added = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;
        await replica.AckAsync(added.LastLsn);
        (await add).EnsureSuccessStatusCode();

        // Assert
        welcome.Taxonomy.Purposes.Select(p => p.Name).ShouldBe(DefaultTaxonomy.Create().All.Select(p => p.Name));
        welcome.Taxonomy.Purposes[0].Name.ShouldBe("all");
        plain.Taxonomy.ShouldBeNull();
        added.Taxonomy.ShouldNotBeNull();
        state.Taxonomy.TryGet("research.surveys", out Purpose surveys).ShouldBeTrue();
        added.Taxonomy.Purposes.Select(p => (p.Name, p.Bit)).ShouldBe(state.Taxonomy.All.Select(p => (p.Name, p.Bit)));
        added.Taxonomy.Purposes.ShouldContain(p => p.Name == "research.surveys" && p.Bit == surveys.Bit);
    }
}
