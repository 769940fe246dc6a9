using System.Text.Json;
using System.Text.Json.Serialization;

namespace Heed.Cli.Commands;

/// <summary>Source-generated JSON for what the CLI reads that is not a registry contract.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RegistryProblem))]
[JsonSerializable(typeof(Heed.Cli.Import.ImportSummary))]
[JsonSerializable(typeof(Heed.Cli.Sidecar.CheckStreamAddress))]
public sealed partial class CliJsonContext : JsonSerializerContext;
