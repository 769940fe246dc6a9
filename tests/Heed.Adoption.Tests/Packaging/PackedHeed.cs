using System.Security.Cryptography;
using Heed.Adoption.Tests.Infrastructure;
using Heed.Testing.Processes;
using Heed.Testing.Repository;
using Heed.Testing.Temp;

namespace Heed.Adoption.Tests.Packaging;

/// <summary>
/// The solution packed as a release would be (<c>dotnet pack Heed.slnx -c Release -o DIR</c>, with a
/// version of its own so no package cache can answer in its place), a nuget.config that adds that folder
/// to the machine's usual sources, and <c>heed</c> installed from it as a .NET tool into a temp folder.
/// </summary>
public sealed class PackedHeed : IAsyncLifetime
{
    private readonly TempDirectory _root = TempDirectory.Create("heed-adoption-pack-");

    /// <summary>The package version, unique per run: 0.1.0-t&lt;random&gt;.</summary>
    public string Version { get; private set; } = "";

    /// <summary>The version of the build that was packed (0.1.0): what the assemblies themselves report, since
    /// packing reuses the build rather than compiling again with the run's suffix.</summary>
    public string BuildVersion { get; private set; } = "";

    public string PackageDirectory => _root.Combine("nupkg");

    /// <summary>Adds <see cref="PackageDirectory"/> to the machine's sources; restores into a private package folder.</summary>
    public string NuGetConfig => _root.Combine("nuget.config");

    public string ToolDirectory => _root.Combine("tools");

    public string Heed => Path.Combine(ToolDirectory, "heed");

    public TempDirectory Root => _root;

    public async ValueTask InitializeAsync()
    {
        string suffix = "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        string prefix = (await Dotnet.RunAsync(BuildOutput.RepositoryRoot, "msbuild", "src/Heed.Core", "-getProperty:VersionPrefix")).Output.Trim();
        BuildVersion = prefix;
        Version = prefix + "-" + suffix;

        // --no-build packs what `dotnet build -c Release` (scripts/test.sh, or building this test project) made.
        await Dotnet.RunAsync(BuildOutput.RepositoryRoot, "pack", "Heed.slnx", "-c", BuildOutput.Configuration, "--no-build", "-o", PackageDirectory, "-p:VersionSuffix=" + suffix);

        // Packages restored for test apps go to a private folder; the machine's cache is only read (fallback),
        // so nothing here is left in it and nothing in it stands in for a package of this run.
        string machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await File.WriteAllTextAsync(NuGetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{_root.Combine("packages")}" />
              </config>
              <packageSources>
                <add key="heed-local" value="{PackageDirectory}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{machineCache}" />
              </fallbackPackageFolders>
            </configuration>
            """);

        await Dotnet.RunAsync(_root.FullPath, "tool", "install", "Heed.Cli", "--version", Version, "--tool-path", ToolDirectory, "--add-source", PackageDirectory, "--configfile", NuGetConfig);
    }

    /// <summary>The installed tool, as a command to which arguments are appended.</summary>
    public ChildProcessOptions HeedCommand(params IEnumerable<string> arguments) =>
        new(Heed) { Arguments = [.. arguments], Name = "heed (tool)" };

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }
}
