using System.Text.Json;
using Heed.Cli.Tests.Infrastructure;
using Heed.Protocol;

namespace Heed.Cli.Tests.Settings;

/// <summary><c>heed settings set replication.minProtocolVersion</c> against a real <c>heed serve</c> process.</summary>
public sealed class ProtocolMinimumEndToEndTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    private const string Name = "replication.minProtocolVersion";

    [Fact]
    public async Task Set_AboveTheVersionTheRegistrySpeaks_RefusedSayingWhy()
    {
        HeedResult refused = await registry.RunAsync("settings", "set", Name, (ProtocolVersions.Current + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        refused.ExitCode.ShouldNotBe(0, refused.ToString());
        refused.Stderr.ShouldContain("400");
        refused.Stderr.ShouldContain($"speaks protocol version {ProtocolVersions.Current}");
    }

    [Fact]
    public async Task Set_TheVersionTheRegistrySpeaks_ListedWithTheKeyThatSetIt()
    {
        string version = ProtocolVersions.Current.ToString(System.Globalization.CultureInfo.InvariantCulture);

        HeedResult set = await registry.RunAsync("settings", "set", Name, version);
        HeedResult listed = await registry.RunAsync("settings", "list", "--json");

        set.ExitCode.ShouldBe(0, set.ToString());
        set.Stdout.ShouldContain($"Set {Name} = {version}");
        JsonElement setting = JsonDocument.Parse(listed.Stdout).RootElement.GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("name").GetString() == Name);
        setting.GetProperty("value").GetString().ShouldBe(version);
        setting.GetProperty("setBy").GetString().ShouldNotBeNullOrEmpty();
        setting.GetProperty("lsn").GetInt64().ShouldBeGreaterThan(0);
    }
}
