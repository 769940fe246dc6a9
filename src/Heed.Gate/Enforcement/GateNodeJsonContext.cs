using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Heed.Gate.Enforcement;

/// <summary>Source-generated serialization of redacted bodies.</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class GateNodeJsonContext : JsonSerializerContext;
