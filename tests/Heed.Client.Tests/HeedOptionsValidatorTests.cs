using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Heed.Client.Tests;

public sealed class HeedOptionsValidatorTests
{
    [Fact]
    public async Task AddHeed_InvalidOptions_HostStartReportsEveryError()
    {
        // Arrange
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHeed(o =>
        {
            o.RegistryUrl = "ftp://registry";
            o.DriftMargin = 1.5;
            o.TokenWait = TimeSpan.FromMinutes(1);
            o.Kind = "toaster";
        });
        using IHost host = builder.Build();

        // Act
        OptionsValidationException ex = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        ex.Failures.Count().ShouldBe(5);
        ex.Message.ShouldContain("RegistryUrl");
        ex.Message.ShouldContain("Key is required");
        ex.Message.ShouldContain("DriftMargin");
        ex.Message.ShouldContain("TokenWait");
        ex.Message.ShouldContain("toaster");
    }

    [Fact]
    public void Validate_Defaults_OnlyRequiredSettingsMissing()
    {
        // Arrange
        var validator = new HeedOptionsValidator();

        // Act
        ValidateOptionsResult result = validator.Validate(null, new HeedOptions());

        // Assert
        result.Failures!.Count().ShouldBe(2);
    }
}
