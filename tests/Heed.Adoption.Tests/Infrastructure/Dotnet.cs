using Heed.Testing.Processes;

namespace Heed.Adoption.Tests.Infrastructure;

/// <summary>Runs the <c>dotnet</c> CLI as a user would, not as the test host's MSBuild child.</summary>
public static class Dotnet
{
    /// <summary>Restores, builds and packs may take minutes on a loaded machine.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    // Set by `dotnet test` for its own MSBuild; inherited, they would point a user's build at the wrong SDK parts.
    private static readonly string[] Inherited = ["MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildLoadMicrosoftTargetsReadOnly"];

    public static ChildProcessOptions Options(string workingDirectory, params IEnumerable<string> arguments)
    {
        var environment = Inherited.ToDictionary(name => name, string? (_) => null);
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en-US";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        return new ChildProcessOptions(DotnetHost.Path)
        {
            Arguments = [.. arguments],
            WorkingDirectory = workingDirectory,
            Environment = environment,
            Name = "dotnet " + string.Join(' ', arguments.Take(2)),
        };
    }

    /// <summary>Runs <c>dotnet ARGS</c> in <paramref name="workingDirectory"/> and throws with its output unless it succeeds.</summary>
    public static async Task<CommandResult> RunAsync(string workingDirectory, params IEnumerable<string> arguments) =>
        (await Command.RunAsync(Options(workingDirectory, arguments), Timeout)).EnsureSuccess();
}
