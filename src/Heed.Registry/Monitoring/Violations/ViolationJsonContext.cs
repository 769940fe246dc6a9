using System.Text.Json;
using System.Text.Json.Serialization;

namespace Heed.Registry.Monitoring.Violations;

/// <summary>Source-generated JSON for the violation API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ViolationPage))]
[JsonSerializable(typeof(ViolationView))]
public sealed partial class ViolationJsonContext : JsonSerializerContext;
