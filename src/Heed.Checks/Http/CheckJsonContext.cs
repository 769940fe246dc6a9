using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Heed.Checks.Http;

/// <summary>Source-generated JSON for the check API's bodies: no reflection, independent of the host's
/// JSON settings. A member named twice is refused, as the single check's parser refuses it.
/// <see cref="Plain"/> is what the handlers write.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowTrailingCommas = false, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(CheckBody))]
[JsonSerializable(typeof(CheckAnswer))]
[JsonSerializable(typeof(BatchCheckBody))]
[JsonSerializable(typeof(BatchCheckAnswer))]
public sealed partial class CheckJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The same rules, writing plain UTF-8: <c>'</c> and non-ASCII text as themselves rather than
    /// <c>\u0027</c>. The default encoder escapes for HTML, but these bodies are JSON, never HTML.
    /// </summary>
    public static CheckJsonContext Plain { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowTrailingCommas = false,
        AllowDuplicateProperties = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
