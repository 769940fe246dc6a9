using Heed.Testing.Processes;
using Heed.Testing.Repository;

namespace Heed.Testing.Cli;

/// <summary>Starts the built `heed` executable (src/Heed.Cli, assembly name heed) as a child process.</summary>
public static class HeedCli
{
    /// <summary>Overrides where heed.dll is (e.g. a published or packed build).</summary>
    public const string DllVariable = "HEED_CLI_DLL";

    public static string LocateDll()
    {
        var overridden = Environment.GetEnvironmentVariable(DllVariable);
        return string.IsNullOrEmpty(overridden)
            ? BuildOutput.Locate(Path.Combine("src", "Heed.Cli"), "heed.dll")
            : File.Exists(overridden)
                ? overridden
                : throw new FileNotFoundException($"{DllVariable} points at {overridden}, which does not exist.");
    }

    /// <summary>`dotnet heed.dll ARGS…`.</summary>
    public static ChildProcessOptions Command(params IEnumerable<string> arguments) =>
        new(DotnetHost.Path)
        {
            Arguments = [LocateDll(), .. arguments],
            Name = "heed",
        };

    /// <summary>
    /// `heed serve --data DIR --urls http://127.0.0.1:PORT --grpc-urls http://127.0.0.1:GRPCPORT`, seeding
    /// <paramref name="adminKey"/> through HEED_ADMIN_KEY when given. Without a gRPC port a free one is taken.
    /// </summary>
    public static ChildProcessOptions Serve(string dataDirectory, int port, string? adminKey = null, int? grpcPort = null) =>
        Command("serve", "--data", dataDirectory, "--urls", $"http://127.0.0.1:{port}", "--grpc-urls", $"http://127.0.0.1:{grpcPort ?? Network.FreePort.Next()}") with
        {
            Name = $"heed serve :{port}",
            Environment = new Dictionary<string, string?> { ["HEED_ADMIN_KEY"] = adminKey },
        };
}
