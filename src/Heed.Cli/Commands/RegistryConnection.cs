using System.CommandLine;

namespace Heed.Cli.Commands;

/// <summary>
/// <c>--registry URL</c> and the API key (<c>--key-file PATH</c>, <c>HEED_KEY</c> or <c>--key KEY</c>), shared
/// by every admin command. The URL falls back to <c>HEED_REGISTRY</c>.
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

    private readonly SecretOption _key = new("key", KeyVariable, "API key");

    private readonly Func<string, string?> _environment;

    private RegistryConnection(Func<string, string?> environment) => _environment = environment;

    /// <summary>Adds the options to <paramref name="command"/>; <paramref name="environment"/> defaults to the process environment.</summary>
    public static RegistryConnection AddTo(Command command, Func<string, string?>? environment = null)
    {
        var connection = new RegistryConnection(environment ?? Environment.GetEnvironmentVariable);
        command.Options.Add(connection._registry);
        connection._key.AddTo(command);
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

        string key = _key.Resolve(parse, _environment) ?? throw new UsageException($"no API key: {_key.Hint}");
        return new RegistryClient(registry, key);
    }

    /// <summary>True when <c>--registry</c> was given on the command line (for commands with an offline mode too).</summary>
    public bool RegistryGiven(ParseResult parse) => parse.GetResult(_registry) is { Implicit: false };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
