using System.Text.RegularExpressions;
using Heed.Testing.Repository;

namespace Heed.Cli.Tests.Configuration;

/// <summary>
/// G5, no silent bypass: docs/configuration.md lists every option of every role, with what it does, and
/// says that none skips enforcement. These tests hold that list against what the code actually binds, both
/// ways, so a new flag, setting, route key or environment variable cannot slip in unreviewed.
/// </summary>
public sealed partial class NoSilentSwitchTests
{
    private static readonly string Root = BuildOutput.RepositoryRoot;

    [Fact]
    public void Every_option_that_binds_is_documented_and_every_documented_option_binds()
    {
        Dictionary<string, SortedSet<string>> bound = OptionInventory.Bound(Root);
        Dictionary<string, SortedSet<string>> documented = Documented(File.ReadAllLines(Path.Combine(Root, "docs", "configuration.md")));
        var problems = new List<string>();
        foreach (string role in OptionInventory.Roles)
        {
            SortedSet<string> listed = documented.GetValueOrDefault(role) ?? [];
            problems.AddRange(bound[role].Except(listed).Select(name => $"{role}: `{name}` binds but is not in docs/configuration.md; document what it does"));
            problems.AddRange(listed.Except(bound[role]).Select(name => $"{role}: `{name}` is in docs/configuration.md but nothing binds it"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_inventory_finds_options_of_every_kind()
    {
        // If the inventory found nothing, the test above would pass on an empty document.
        Dictionary<string, SortedSet<string>> bound = OptionInventory.Bound(Root);
        Assert.Contains("--data", bound[OptionInventory.Serve]);
        Assert.Contains("Heed:Lease", bound[OptionInventory.Serve]);
        Assert.Contains("Kestrel:Limits:*", bound[OptionInventory.Serve]);
        Assert.Contains("Heed:Service", bound[OptionInventory.Sidecar]);
        Assert.Contains("Heed:Jwt:ClockSkew", bound[OptionInventory.Gate]);
        Assert.Contains("Heed.Purposes", bound[OptionInventory.Gate]);
        Assert.Contains("queues[].subject.pointer", bound[OptionInventory.Relay]);
        Assert.Contains("Heed:Registry", bound[OptionInventory.Relay]);
        Assert.Contains("HeedOptions.DriftMargin", bound[OptionInventory.Sdk]);
        Assert.Contains("HEED_ADMIN_KEY", bound[OptionInventory.Environment]);
    }

    [Fact]
    public void A_new_option_is_caught()
    {
        // The comparison itself, on a document that lacks one bound option.
        Dictionary<string, SortedSet<string>> bound = OptionInventory.Bound(Root);
        string[] lines = File.ReadAllLines(Path.Combine(Root, "docs", "configuration.md"));
        string[] without = lines.Where(line => !line.StartsWith("| `Heed:Lease`", StringComparison.Ordinal)).ToArray();
        Assert.NotEqual(lines.Length, without.Length);
        Assert.DoesNotContain("Heed:Lease", Documented(without)[OptionInventory.Serve]);
        Assert.Contains("Heed:Lease", bound[OptionInventory.Serve]);
    }

    /// <summary>The first code span of each table row, per <c>## role</c> section.</summary>
    private static Dictionary<string, SortedSet<string>> Documented(IEnumerable<string> lines)
    {
        var documented = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        SortedSet<string>? section = null;
        foreach (string line in lines)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                string role = line[3..].Trim();
                section = OptionInventory.Roles.Contains(role) ? documented[role] = new SortedSet<string>(StringComparer.Ordinal) : null;
            }
            else if (section is not null && Row().Match(line) is { Success: true } row)
            {
                section.Add(row.Groups[1].Value);
            }
        }

        return documented;
    }

    [GeneratedRegex("^\\| `([^`]+)` \\|")]
    private static partial Regex Row();
}
