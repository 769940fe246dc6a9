namespace Heed.Testing.Repository;

/// <summary>
/// Finds what the build put under a project's bin folder, starting from the test assembly's own
/// output directory (…/tests/X/bin/&lt;Configuration&gt;/&lt;tfm&gt;/), so tests run what was just built.
/// </summary>
public static class BuildOutput
{
    private const string SolutionFile = "Heed.slnx";

    /// <summary>The repository root: the nearest folder above the test assembly that holds Heed.slnx.</summary>
    public static string RepositoryRoot { get; } = FindRoot(AppContext.BaseDirectory);

    /// <summary>Debug or Release: the configuration this test assembly was built in.</summary>
    public static string Configuration { get; } = Segment(AppContext.BaseDirectory, fromEnd: 1) ?? "Release";

    /// <summary>The target framework folder this test assembly was built for (net10.0).</summary>
    public static string TargetFramework { get; } = Segment(AppContext.BaseDirectory, fromEnd: 0) ?? "net10.0";

    /// <summary>
    /// The path of <paramref name="fileName"/> in <paramref name="projectDirectory"/>'s bin folder
    /// (relative to the repository root), preferring this test's configuration and falling back to the other.
    /// </summary>
    public static string Locate(string projectDirectory, string fileName)
    {
        var configurations = new[] { Configuration, "Release", "Debug" }.Distinct();
        var candidates = configurations
            .Select(c => Path.Combine(RepositoryRoot, projectDirectory, "bin", c, TargetFramework, fileName))
            .ToArray();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"{fileName} is not built; run `dotnet build {SolutionFile} -c {Configuration}`. Looked at:\n  "
                + string.Join("\n  ", candidates));
    }

    private static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No {SolutionFile} above {start}.");
    }

    // AppContext.BaseDirectory is …/bin/<Configuration>/<tfm>/; any other layout (a custom output
    // path) gives no answer and the defaults apply.
    private static string? Segment(string directory, int fromEnd)
    {
        var parts = directory.TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        return parts.Length >= 3 && parts[^3] == "bin" ? parts[^(1 + fromEnd)] : null;
    }
}
