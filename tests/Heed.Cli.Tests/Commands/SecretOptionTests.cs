using System.CommandLine;
using Heed.Cli.Commands;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Commands;

public sealed class SecretOptionTests
{
    [Fact]
    public void Resolve_KeyFile_TrimmedContentWinsOverFlagAndEnvironment()
    {
        using TempFile file = TempFile.WithText("heed_from-file\n");
        (Command command, SecretOption key) = Create();

        string? secret = key.Resolve(command.Parse(["--key-file", file.Path, "--key", "from-flag"]), _ => "from-env");

        secret.ShouldBe("heed_from-file");
    }

    [Fact]
    public void Resolve_EnvironmentOnly_UsesVariable()
    {
        (Command command, SecretOption key) = Create();

        string? secret = key.Resolve(command.Parse([]), name => name == "HEED_KEY" ? " from-env " : null);

        secret.ShouldBe("from-env");
    }

    [Fact]
    public void Resolve_Nothing_Null()
    {
        (Command command, SecretOption key) = Create();

        key.Resolve(command.Parse([]), _ => null).ShouldBeNull();
    }

    [Fact]
    public void Resolve_MissingFile_UsageErrorNamingTheFile()
    {
        (Command command, SecretOption key) = Create();
        string path = Path.Combine(Path.GetTempPath(), "heed-no-such-key-" + Guid.NewGuid().ToString("N"));

        UsageException error = Should.Throw<UsageException>(() => key.Resolve(command.Parse(["--key-file", path]), _ => "from-env"));

        error.Message.ShouldContain("--key-file");
        error.Message.ShouldContain(path);
    }

    [Fact]
    public void Resolve_EmptyFile_UsageError()
    {
        using TempFile file = TempFile.WithText("\n");
        (Command command, SecretOption key) = Create();

        UsageException error = Should.Throw<UsageException>(() => key.Resolve(command.Parse(["--key-file", file.Path]), _ => "from-env"));

        error.Message.ShouldContain("empty");
    }

    private static (Command Command, SecretOption Key) Create()
    {
        var command = new RootCommand();
        var key = new SecretOption("key", "HEED_KEY", "API key");
        key.AddTo(command);
        return (command, key);
    }
}
