using System.CommandLine;

namespace Heed.Cli.Commands;

/// <summary>
/// <c>--registry URL</c> and <c>--key KEY</c>, shared by every admin command. Each falls back to its
/// environment variable (<c>HEED_REGISTRY</c>, <c>HEED_KEY</c>). The key is resolved at run time, never as
/// an option default, so <c>--help</c> cannot print a secret.
/// </summary>
public sealed class RegistryConnection
{
    public const string DefaultRegistry = "http://127.0.0.1:8080";
    public const string RegistryVariable = "HEED_REGISTRY";
    public const string KeyVariable = "HEED_KEY";

    private readonly Option<string?> _registry = new("--registry")
    {
        Description = $"Registry URL (env {RegistryVariable}; default {DefaultRegistry})",
        HelpName = "URL",
    };

    private readonly Option<string?> _key = new("--key")
    {
        Description = $"API key (env {KeyVariable})",
        HelpName = "KEY",
    };

    private readonly Func<string, string?> _environment;

    private RegistryConnection(Func<string, string?> environment) => _environment = environment;

    /// <summary>Adds the options to <paramref name="command"/>; <paramref name="environment"/> defaults to the process environment.</summary>
    public static RegistryConnection AddTo(Command command, Func<string, string?>? environment = null)
    {
        var connection = new RegistryConnection(environment ?? Environment.GetEnvironmentVariable);
        command.Options.Add(connection._registry);
        command.Options.Add(connection._key);
        return connection;
    }

    /// <summary>Resolves URL and key, or throws a <see cref="UsageException"/> saying which is missing or wrong.</summary>
    public RegistryClient CreateClient(ParseResult parse)
    {
        string url = NonEmpty(parse.GetValue(_registry)) ?? NonEmpty(_environment(RegistryVariable)) ?? DefaultRegistry;
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? registry) || registry.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--registry must be an http(s) URL, not '{url}'");
        }

        string key = NonEmpty(parse.GetValue(_key)) ?? NonEmpty(_environment(KeyVariable))
            ?? throw new UsageException($"no API key: pass --key or set {KeyVariable}");
        return new RegistryClient(registry, key.Trim());
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
