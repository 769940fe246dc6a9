using Heed.Registry.Hosting;

namespace Heed.Registry.Tests.Hosting;

public sealed class AdminKeyPolicyTests
{
    [Theory]
    [InlineData("aaaaaaaaaaaaaaaa", "at least 32")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "repetitive")]
    [InlineData("change-me-to-a-long-secret", "sample")]
    [InlineData("change-me-to-a-long-secret-0123456789abcdef", "sample")]
    [InlineData("change-me-admin-key-0123456789", "sample")]
    public async Task Create_WeakAdminKey_RefusesToStartSayingWhy(string key, string expected)
    {
        var options = new RegistryOptions { Data = Path.Combine(Path.GetTempPath(), "heed-registry-tests", Guid.NewGuid().ToString("N")), AdminKey = key };

        RegistryConfigurationException refused = await Should.ThrowAsync<RegistryConfigurationException>(() => RegistryApp.CreateAsync(options));

        refused.Errors.ShouldHaveSingleItem().ShouldStartWith("HEED_ADMIN_KEY");
        refused.Errors[0].ShouldContain(expected);
        Directory.Exists(options.Data).ShouldBeFalse();
    }

    [Fact]
    public void Problem_RandomHex64_Accepted()
    {
        string key = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        AdminKeyPolicy.Problem(key).ShouldBeNull();
    }
}
