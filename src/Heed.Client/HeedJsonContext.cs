using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Heed.Client.Checks;
using Heed.Client.Problems;

namespace Heed.Client;

/// <summary>Source-generated JSON for everything the SDK reads and writes: no reflection, trimming-safe,
/// and independent of the host application's JSON settings. Same rules as the registry's API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowTrailingCommas = false)]
[JsonSerializable(typeof(DenialProblem))]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class HeedJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The same rules, writing plain UTF-8: <c>'</c> and non-ASCII text as themselves rather than
    /// <c>\u0027</c>. The default encoder escapes for HTML, but these bodies are JSON, never HTML.
    /// (The source generator has no option for the encoder, hence this instance.)
    /// </summary>
    public static HeedJsonContext Plain { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowTrailingCommas = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
