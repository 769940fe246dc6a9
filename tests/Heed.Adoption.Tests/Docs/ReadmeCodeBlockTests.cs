using System.Text.RegularExpressions;
using Heed.Testing.Repository;

namespace Heed.Adoption.Tests.Docs;

/// <summary>
/// Every C# block in the SDK's README is code that compiles: each must appear, line for line (indentation
/// aside), in a file under samples/ or src/, which the solution builds. Edit the sample, then copy it.
/// </summary>
public sealed partial class ReadmeCodeBlockTests
{
    public static TheoryData<string> Readmes => new("src/Heed.Client/README.md", "src/Heed.Core/README.md", "README.md");

    [Theory]
    [MemberData(nameof(Readmes))]
    public void CSharpBlocks_EachOne_IsTakenFromCodeThatCompiles(string readme)
    {
        string text = File.ReadAllText(Path.Combine(BuildOutput.RepositoryRoot, readme));
        string[] sources = [.. new[] { "samples", "src" }
            .SelectMany(dir => Directory.EnumerateFiles(Path.Combine(BuildOutput.RepositoryRoot, dir), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => Normalize(File.ReadAllText(path)))];

        string[] missing = [.. CSharpBlock().Matches(text)
            .Select(m => m.Groups[1].Value)
            .Where(block => !sources.Any(source => source.Contains(Normalize(block), StringComparison.Ordinal)))];

        missing.ShouldBeEmpty($"{readme} has C# blocks found in no compiled file under samples/ or src/");
    }

    [Fact]
    public void CSharpBlocks_InTheSdkReadme_AtLeastFive()
    {
        // Guards the test above against a README whose blocks stopped being ```csharp.
        string text = File.ReadAllText(Path.Combine(BuildOutput.RepositoryRoot, "src/Heed.Client/README.md"));

        CSharpBlock().Count(text).ShouldBeGreaterThanOrEqualTo(5);
    }

    // Each line trimmed, blank lines dropped: a block indented differently from its source still matches.
    private static string Normalize(string code) =>
        "\n" + string.Join('\n', code.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)) + "\n";

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
