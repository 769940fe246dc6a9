using System.Text.RegularExpressions;
using Heed.Registry.Keys;
using Heed.Registry.Tests.Infrastructure;
using Heed.Testing.Repository;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Tests.Api;

/// <summary>
/// The role table in docs/security.md against the endpoints a real registry serves: every endpoint has a row,
/// every row an endpoint, and each row's roles are the roles the endpoint's authorization serves. An endpoint
/// added without a row, or a row that grants what the code does not, fails here.
/// </summary>
public sealed partial class RoleTableTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private const string Open = "open";

    [Fact]
    public void RoleTable_MatchesEveryEndpointsRoles()
    {
        IReadOnlyList<string> documented = Describe(ReadTable(DocsFile("security.md")));

        IReadOnlyList<string> served = Describe(ServedEndpoints(fixture.Server));

        string.Join('\n', documented).ShouldBe(string.Join('\n', served));
    }

    [Fact]
    public void RoleTable_NamesACommandOrServerForEveryRow()
    {
        string[] lines = File.ReadAllLines(DocsFile("security.md"));

        string[] rows = [.. lines.SkipWhile(l => !l.StartsWith("| endpoint |", StringComparison.Ordinal)).Skip(2).TakeWhile(l => l.StartsWith('|'))];

        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.Split('|', StringSplitOptions.None)[2].Trim().Length > 0);
    }

    /// <summary>Endpoint (<c>METHOD /path</c>, parameters as <c>{}</c>) → the roles it serves, or "open".</summary>
    internal static Dictionary<string, string> ReadTable(string markdown)
    {
        string[] lines = File.ReadAllLines(markdown);
        int header = Array.FindIndex(lines, l => l.StartsWith("| endpoint |", StringComparison.Ordinal));
        header.ShouldBeGreaterThanOrEqualTo(0, "docs/security.md has no table starting '| endpoint |'");
        string[] columns = Cells(lines[header]);
        var table = new Dictionary<string, string>();
        foreach (string line in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            string[] cells = Cells(line);
            var roles = new SortedSet<string>(StringComparer.Ordinal);
            bool open = false;
            for (int i = 2; i < cells.Length; i++)
            {
                open |= cells[i].StartsWith(Open, StringComparison.Ordinal);
                if (cells[i].Length > 0 && !cells[i].StartsWith(Open, StringComparison.Ordinal))
                {
                    roles.Add(columns[i]);
                }
            }

            foreach (Match endpoint in BacktickedEndpoint().Matches(cells[0]))
            {
                table.Add(Normalize(endpoint.Groups[1].Value), open ? Open : string.Join(',', roles));
            }
        }

        return table;
    }

    private static Dictionary<string, string> ServedEndpoints(RegistryServer server)
    {
        var served = new Dictionary<string, string>();
        foreach (RouteEndpoint endpoint in server.Handle.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            string pattern = endpoint.RoutePattern.RawText ?? string.Empty;
            if (pattern.Contains("{unimplemented", StringComparison.Ordinal))
            {
                // gRPC's catch-all for methods that do not exist: answers Unimplemented to anyone.
                continue;
            }

            string roles = endpoint.Metadata.GetMetadata<RequiredRoles>() is { } required
                ? string.Join(',', required.Roles.Order(StringComparer.Ordinal))
                : Open;
            foreach (string method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                served[Normalize($"{method} {pattern}")] = roles;
            }
        }

        return served;
    }

    private static IReadOnlyList<string> Describe(Dictionary<string, string> table) =>
        [.. table.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} → {e.Value}")];

    private static string[] Cells(string line) => [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];

    private static string Normalize(string endpoint)
    {
        string normalized = Parameter().Replace(endpoint.Trim(), "{}");
        return normalized.Length > 1 && normalized.EndsWith('/') ? normalized[..^1] : normalized;
    }

    internal static string DocsFile(string name) => Path.Combine(BuildOutput.RepositoryRoot, "docs", name);

    [GeneratedRegex(@"`((?:GET|PUT|POST|DELETE|PATCH) /[^`]*)`")]
    private static partial Regex BacktickedEndpoint();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
