using Heed.Protocol;
using Heed.Registry.Settings;
using Heed.Storage.Ledger;

namespace Heed.Registry.Tests.Settings;

/// <summary>The minimum protocol version in force: the setting, between the configured floor and the version the registry speaks.</summary>
public sealed class RegistrySettingsTests
{
    [Fact]
    public void MinProtocolVersion_NeverSet_IsTheFloor()
    {
        var settings = new RegistrySettings(minProtocolVersion: 1);

        settings.MinProtocolVersion.ShouldBe(1U);
        settings.Value(SettingNames.ReplicationMinProtocolVersion).ShouldBe("1");
    }

    [Fact]
    public void MinProtocolVersion_SetAboveFloor_IsTheSetting()
    {
        var settings = new RegistrySettings(minProtocolVersion: 1);

        settings.Load([Row("2")]);

        settings.MinProtocolVersion.ShouldBe(2U);
    }

    [Fact]
    public void MinProtocolVersion_FloorRaisedSinceTheSettingWasWritten_IsTheFloor()
    {
        // Written as 1 when the floor was 1; the registry restarted with Heed:MinProtocolVersion = 2.
        var settings = new RegistrySettings(minProtocolVersion: 2);

        settings.Load([Row("1")]);

        settings.MinProtocolVersion.ShouldBe(2U);
    }

    [Fact]
    public void MinProtocolVersion_WrittenByANewerBuild_IsAtMostTheVersionThisBuildSpeaks()
    {
        var settings = new RegistrySettings();

        settings.Load([Row((ProtocolVersions.Current + 5).ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        settings.MinProtocolVersion.ShouldBe(ProtocolVersions.Current);
    }

    [Theory]
    [InlineData("1", 1U, null)]
    [InlineData("2", 1U, null)]
    [InlineData("1", 2U, "configured minimum is 2")]
    [InlineData("99", 1U, "cannot demand 99")]
    [InlineData("x", 1U, "whole number")]
    [InlineData("0", 1U, "start at 1")]
    public void Problem_MinProtocolVersion_NamesWhatIsWrong(string value, uint floor, string? problem)
    {
        string? found = new RegistrySettings(floor).Problem(SettingNames.ReplicationMinProtocolVersion, value);

        if (problem is null)
        {
            found.ShouldBeNull();
        }
        else
        {
            found.ShouldNotBeNull().ShouldContain(problem);
        }
    }

    private static SettingRow Row(string value) => new(SettingNames.ReplicationMinProtocolVersion, value, 7, DateTimeOffset.UnixEpoch, "key_admin");
}
