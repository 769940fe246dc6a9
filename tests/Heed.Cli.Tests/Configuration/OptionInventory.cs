using System.CommandLine;
using System.CommandLine.Help;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Heed.Cli.Gate;
using Heed.Cli.Relay;
using Heed.Cli.Serve;
using Heed.Cli.Sidecar;
using Heed.Client;
using Heed.Client.Http;
using Heed.Gate.Configuration;
using Heed.Gate.Policies;
using Heed.Registry.Hosting;
using Heed.Relay.Configuration;

namespace Heed.Cli.Tests.Configuration;

/// <summary>
/// Every option each role actually binds, found from the code itself: the flags of its command, the
/// properties its options types bind from configuration, the route metadata keys, the configuration
/// sections and keys read by name, and every <c>HEED_*</c> environment variable named in the source.
/// </summary>
internal static partial class OptionInventory
{
    public const string Serve = "heed serve";
    public const string Sidecar = "heed sidecar";
    public const string Gate = "heed gate";
    public const string Relay = "heed relay";
    public const string Sdk = "SDK";
    public const string Environment = "Environment variables";

    public static IReadOnlyList<string> Roles { get; } = [Serve, Sidecar, Gate, Relay, Sdk, Environment];

    public static Dictionary<string, SortedSet<string>> Bound(string repositoryRoot)
    {
        var bound = Roles.ToDictionary(role => role, _ => new SortedSet<string>(StringComparer.Ordinal));
        AddFlags(bound[Serve], ServeCommand.Create());
        AddConfiguration(bound[Serve], typeof(RegistryOptions), "Heed");
        AddFlags(bound[Sidecar], SidecarCommand.Create());
        AddConfiguration(bound[Sidecar], typeof(SidecarOptions), "Heed");
        AddFlags(bound[Gate], GateCommand.Create());
        AddConfiguration(bound[Gate], typeof(GateOptions), "Heed");
        foreach (FieldInfo field in typeof(MetadataKeys).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.Name != nameof(MetadataKeys.Prefix))
            {
                bound[Gate].Add((string)field.GetValue(null)!);
            }
        }

        AddFlags(bound[Relay], RelayCommand.Create());
        AddFile(bound[Relay], typeof(RelayConfig), string.Empty);
        AddProperties(bound[Sdk], typeof(HeedOptions), nameof(HeedOptions));
        AddProperties(bound[Sdk], typeof(HeedHandlerOptions), nameof(HeedHandlerOptions));
        AddSource(bound, repositoryRoot);
        return bound;
    }

    private static void AddFlags(SortedSet<string> names, Command command)
    {
        foreach (Option option in command.Options)
        {
            if (option is not HelpOption and not VersionOption)
            {
                names.Add(option.Name);
            }
        }
    }

    /// <summary>What ConfigurationBinder binds: every settable property, nested types as sections.</summary>
    private static void AddConfiguration(SortedSet<string> names, Type type, string prefix)
    {
        foreach (PropertyInfo property in Settable(type))
        {
            string key = prefix + ":" + property.Name;
            if (IsLeaf(property.PropertyType))
            {
                names.Add(key);
            }
            else
            {
                AddConfiguration(names, property.PropertyType, key);
            }
        }
    }

    /// <summary>The relay's JSON file: camelCase members, lists of objects as <c>name[].member</c>.</summary>
    private static void AddFile(SortedSet<string> names, Type type, string prefix)
    {
        foreach (PropertyInfo property in Settable(type))
        {
            string key = (prefix.Length == 0 ? string.Empty : prefix + ".") + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            Type member = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (ElementOf(member) is { } element && !IsLeaf(element))
            {
                AddFile(names, element, key + "[]");
            }
            else if (IsLeaf(member))
            {
                names.Add(key);
            }
            else
            {
                AddFile(names, member, key);
            }
        }
    }

    /// <summary>Options set in code: <c>Type.Property</c>.</summary>
    private static void AddProperties(SortedSet<string> names, Type type, string prefix)
    {
        foreach (PropertyInfo property in Settable(type))
        {
            names.Add(prefix + "." + property.Name);
        }
    }

    /// <summary>
    /// Settings read by name rather than through an options type: configuration sections other than
    /// <c>Heed</c> (which the options types above cover), <c>Heed:…</c> keys read one by one, and the
    /// environment variables the source names. The role is the folder the file is in.
    /// </summary>
    private static void AddSource(Dictionary<string, SortedSet<string>> bound, string repositoryRoot)
    {
        string src = Path.Combine(repositoryRoot, "src");
        foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }

            string text = File.ReadAllText(file);
            foreach (Match match in EnvironmentVariable().Matches(text))
            {
                bound[Environment].Add(match.Groups[1].Value);
            }

            if (RoleOf(relative) is not { } role)
            {
                continue;
            }

            foreach (Match match in Section().Matches(text))
            {
                if (match.Groups[1].Value != "Heed")
                {
                    bound[role].Add(match.Groups[1].Value + ":*");
                }
            }

            foreach (Match match in NamedKey().Matches(text))
            {
                bound[role].Add(match.Groups[1].Value);
            }
        }
    }

    private static string? RoleOf(string relative) => relative switch
    {
        _ when relative.StartsWith("Heed.Registry/", StringComparison.Ordinal) || relative.StartsWith("Heed.Cli/Serve/", StringComparison.Ordinal) => Serve,
        _ when relative.StartsWith("Heed.Cli/Sidecar/", StringComparison.Ordinal) => Sidecar,
        _ when relative.StartsWith("Heed.Gate/", StringComparison.Ordinal) || relative.StartsWith("Heed.Cli/Gate/", StringComparison.Ordinal) => Gate,
        _ when relative.StartsWith("Heed.Relay/", StringComparison.Ordinal) || relative.StartsWith("Heed.Cli/Relay/", StringComparison.Ordinal) => Relay,
        _ when relative.StartsWith("Heed.Client/", StringComparison.Ordinal) => Sdk,
        _ => null,
    };

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0);

    private static bool IsLeaf(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(TimeSpan) || t == typeof(decimal)
            || (ElementOf(t) is { } element && IsLeaf(element));
    }

    private static Type? ElementOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyList<>) || definition == typeof(List<>) || definition == typeof(IList<>))
            ? type.GetGenericArguments()[0]
            : null;

    [GeneratedRegex("\"(HEED_[A-Z0-9_]+)\"")]
    private static partial Regex EnvironmentVariable();

    [GeneratedRegex("GetSection\\(\"([A-Za-z0-9:]+)\"\\)")]
    private static partial Regex Section();

    [GeneratedRegex("\\[\"(Heed:[A-Za-z0-9:]+)\"\\]")]
    private static partial Regex NamedKey();
}
