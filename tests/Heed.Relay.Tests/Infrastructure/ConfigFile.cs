using System.Text.Json;
using Heed.Relay.Configuration;

namespace Heed.Relay.Tests.Infrastructure;

/// <summary>Writes a relay configuration as the JSON file <c>heed relay --config</c> reads.</summary>
public static class ConfigFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Write(string directory, RelayConfig config)
    {
        string path = Path.Combine(directory, "relay.json");
        File.WriteAllText(path, JsonSerializer.Serialize(config, Json));
        return path;
    }
}
