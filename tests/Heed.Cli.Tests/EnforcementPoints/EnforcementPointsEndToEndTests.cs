using System.Reflection;
using System.Text.Json;
using Heed.Cli.Tests.Infrastructure;
using Heed.Client;
using Heed.Protocol;
using Heed.Testing.Polling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Heed.Cli.Tests.EnforcementPoints;

/// <summary><c>heed enforcement-points</c> against a real <c>heed serve</c>, with an SDK replica connected to it.</summary>
public sealed class EnforcementPointsEndToEndTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    [Fact]
    public async Task List_SdkReplicaConnected_ShowsItsProtocolAndBuildVersions()
    {
        // Arrange
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHeed(o =>
        {
            o.RegistryUrl = registry.Url.ToString();
            o.Key = registry.AdminKey;
            o.ReplicaId = "cli-listed-replica";
            o.Service = "billing";
        });
        using IHost replica = builder.Build();
        await replica.StartAsync(TestContext.Current.CancellationToken);
        IHeedEnforcer enforcer = replica.Services.GetRequiredService<IHeedEnforcer>();
        await Poll.UntilAsync(_ => Task.FromResult(enforcer.IsFresh), TimeSpan.FromSeconds(30), "the SDK replica holding a lease");

        // Act
        HeedResult json = await registry.RunAsync("enforcement-points", "--json");
        HeedResult table = await registry.RunAsync("enforcement-points");
        await replica.StopAsync(TestContext.Current.CancellationToken);

        // Assert
        json.ExitCode.ShouldBe(0, json.ToString());
        JsonElement point = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("enforcementPoints").EnumerateArray()
            .Single(p => p.GetProperty("id").GetString() == "cli-listed-replica");
        point.GetProperty("protocolVersion").GetUInt32().ShouldBe(ProtocolVersions.Current);
        point.GetProperty("softwareVersion").GetString().ShouldBe("Heed.Client/" + typeof(HeedOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion);
        table.ExitCode.ShouldBe(0, table.ToString());
        table.Stdout.ShouldContain("billing");
    }
}
