using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Keys;

/// <summary>
/// A key created without a name, on a registry of its own: the API accepts an empty name, and the registry
/// must go on taking writes afterwards (the SQLite store once refused the entry and stopped the writer).
/// </summary>
public sealed class KeyWithoutNameEndToEndTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    [Fact]
    public async Task Create_WithoutName_KeyCreatedAndWritesStillAccepted()
    {
        HeedResult created = await registry.RunAsync("keys", "create", "--role", "auditor");
        HeedResult write = await registry.RunAsync("optout", "set", "user:after-unnamed-key", "analytics");

        created.ExitCode.ShouldBe(0, created.ToString());
        write.ExitCode.ShouldBe(0, write.ToString());
    }
}
