using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Heed.Gate.Problems;

/// <summary>Source-generated JSON for what the gate writes itself: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GateProblem))]
[JsonSerializable(typeof(GpcDocument))]
[JsonSerializable(typeof(RefusedEvent))]
internal sealed partial class GateJsonContext : JsonSerializerContext
{
    /// <summary>The same rules, writing plain UTF-8 (<c>'</c>, not <c>\u0027</c>): these bodies are JSON, never HTML.</summary>
    public static GateJsonContext Plain { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
