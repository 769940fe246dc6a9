using System.Text.Json;

namespace Heed.Relay.Configuration;

/// <summary>Reads and validates the configuration file; throws <see cref="RelayConfigException"/> with every problem.</summary>
public static class RelayConfigLoader
{
    public static RelayConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new RelayConfigException($"cannot read {path}: {e.Message}", e);
        }

        return Parse(text, path);
    }

    public static RelayConfig Parse(string json, string origin = "config")
    {
        RelayConfig? config;
        try
        {
            config = JsonSerializer.Deserialize(json, RelayJsonContext.Default.RelayConfig);
        }
        catch (JsonException e)
        {
            throw new RelayConfigException($"{origin} is not valid relay configuration JSON: {e.Message}", e);
        }

        if (config is null)
        {
            throw new RelayConfigException($"{origin} is empty (null)");
        }

        IReadOnlyList<string> errors = RelayConfigValidator.Validate(config);
        return errors.Count == 0 ? config : throw new RelayConfigException(errors);
    }
}
