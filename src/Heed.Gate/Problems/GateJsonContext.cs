using System.Text.Json;
using System.Text.Json.Serialization;

namespace Heed.Gate.Problems;

/// <summary>Source-generated JSON for what the gate writes itself: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GateProblem))]
[JsonSerializable(typeof(GpcDocument))]
internal sealed partial class GateJsonContext : JsonSerializerContext;
