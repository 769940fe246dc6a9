using System.CommandLine;
using Heed.Cli.Commands;

namespace Heed.Cli.Tests.Commands;

public sealed class RegistryConnectionTests
{
    [Fact]
    public void CreateClient_NoOptionsNoEnvironment_DefaultRegistryButKeyRequired()
    {
        (Command command, RegistryConnection connection) = Create(new Dictionary<string, string?>());

        UsageException error = Should.Throw<UsageException>(() => connection.CreateClient(command.Parse([])));

        error.Message.ShouldContain("HEED_KEY");
    }

    [Fact]
    public void CreateClient_EnvironmentOnly_UsesHeedRegistryAndHeedKey()
    {
        (Command command, RegistryConnection connection) = Create(new Dictionary<string, string?> { ["HEED_REGISTRY"] = "http://127.0.0.1:9999", ["HEED_KEY"] = "k" });

        using RegistryClient client = connection.CreateClient(command.Parse([]));

        client.Registry.ShouldBe(new Uri("http://127.0.0.1:9999/"));
    }

    [Fact]
    public void CreateClient_OptionsAndEnvironment_OptionsWin()
    {
        (Command command, RegistryConnection connection) = Create(new Dictionary<string, string?> { ["HEED_REGISTRY"] = "http://127.0.0.1:9999", ["HEED_KEY"] = "k" });

        using RegistryClient client = connection.CreateClient(command.Parse(["--registry", "http://127.0.0.1:7777", "--key", "other"]));

        client.Registry.ShouldBe(new Uri("http://127.0.0.1:7777/"));
    }

    [Fact]
    public void CreateClient_NoRegistryAnywhere_Default()
    {
        (Command command, RegistryConnection connection) = Create(new Dictionary<string, string?> { ["HEED_KEY"] = "k" });

        using RegistryClient client = connection.CreateClient(command.Parse([]));

        client.Registry.ShouldBe(new Uri(RegistryConnection.DefaultRegistry + "/"));
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("not a url")]
    public void CreateClient_NotAnHttpUrl_UsageError(string url)
    {
        (Command command, RegistryConnection connection) = Create(new Dictionary<string, string?> { ["HEED_KEY"] = "k" });

        UsageException error = Should.Throw<UsageException>(() => connection.CreateClient(command.Parse(["--registry", url])));

        error.Message.ShouldContain("--registry");
    }

    private static (Command Command, RegistryConnection Connection) Create(Dictionary<string, string?> environment)
    {
        var command = new RootCommand();
        RegistryConnection connection = RegistryConnection.AddTo(command, name => environment.GetValueOrDefault(name));
        return (command, connection);
    }
}
