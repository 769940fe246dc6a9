using Heed.Testing.Cli;
using Heed.Testing.Repository;

namespace Heed.System.Tests.Fixtures;

public sealed class HeedCliTests
{
    [Fact]
    public void LocateDll_AfterBuild_FindsHeedOfThisConfiguration()
    {
        var dll = HeedCli.LocateDll();

        File.Exists(dll).ShouldBeTrue();
        Path.GetFileName(dll).ShouldBe("heed.dll");
        dll.ShouldStartWith(Path.Combine(BuildOutput.RepositoryRoot, "src", "Heed.Cli", "bin", BuildOutput.Configuration));
    }

    [Fact]
    public void Serve_WithAdminKey_BuildsLoopbackCommandAndSeedsKey()
    {
        var options = HeedCli.Serve("/tmp/data", 18080, adminKey: "k1", grpcPort: 18081);

        options.Arguments.ShouldBe([HeedCli.LocateDll(), "serve", "--data", "/tmp/data", "--urls", "http://127.0.0.1:18080", "--grpc-urls", "http://127.0.0.1:18081"]);
        options.Environment["HEED_ADMIN_KEY"].ShouldBe("k1");
    }
}
