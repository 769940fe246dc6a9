using System.Text.Json;
using System.Text.Json.Serialization;

namespace Heed.Relay.Configuration;

/// <summary>Source-generated reader of the configuration file. Unknown properties are errors, so a typo
/// in a setting is reported instead of silently ignored.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RelayConfig))]
internal sealed partial class RelayJsonContext : JsonSerializerContext;
