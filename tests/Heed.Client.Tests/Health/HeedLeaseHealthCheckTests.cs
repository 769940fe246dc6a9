using Heed.Client.Health;
using Heed.Client.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Heed.Client.Tests.Health;

public sealed class HeedLeaseHealthCheckTests
{
    [Fact]
    public async Task CheckHealth_LeaseValid_Healthy()
    {
        // Arrange
        var check = new HeedLeaseHealthCheck(TestReplica.Create());

        // Act
        HealthCheckResult result = await check.CheckHealthAsync(Context(check));

        // Assert
        result.Status.ShouldBe(HealthStatus.Healthy);
    }

    [Fact]
    public async Task CheckHealth_RefusedByRegistry_UnhealthyNamingRefusal()
    {
        // Arrange
        var enforcer = TestReplica.Create(leased: false);
        enforcer.MarkFailed(new HeedRefusedException("protocol version 1 is below the registry's minimum 2"), TimeSpan.FromMinutes(1));
        var check = new HeedLeaseHealthCheck(enforcer);

        // Act
        HealthCheckResult result = await check.CheckHealthAsync(Context(check));

        // Assert
        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Description!.ShouldContain("minimum 2");
        result.Exception.ShouldBeOfType<HeedRefusedException>();
    }

    private static HealthCheckContext Context(IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration("heed-lease", check, HealthStatus.Unhealthy, null) };
}
