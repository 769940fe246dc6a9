using System.Text.Json;
using System.Text.Json.Serialization;
using Heed.Registry.Api.Contracts;
using Heed.Registry.Overrides;
using Heed.Registry.Schemas;
using Heed.Registry.Purposes;
using Heed.Registry.Settings;

namespace Heed.Registry.Api;

/// <summary>Source-generated JSON for every request and response: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowTrailingCommas = false)]
[JsonSerializable(typeof(OptOutWriteBody))]
[JsonSerializable(typeof(WriteResponse))]
[JsonSerializable(typeof(BatchWriteRequest))]
[JsonSerializable(typeof(BatchWriteResponse))]
[JsonSerializable(typeof(SubjectResponse))]
[JsonSerializable(typeof(SubjectRecordResponse))]
[JsonSerializable(typeof(OptOutExportLine))]
[JsonSerializable(typeof(PurposesResponse))]
[JsonSerializable(typeof(PurposeAddBody))]
[JsonSerializable(typeof(PurposeDeprecateBody))]
[JsonSerializable(typeof(PurposeWriteResponse))]
[JsonSerializable(typeof(KeyCreateRequest))]
[JsonSerializable(typeof(KeyCreatedResponse))]
[JsonSerializable(typeof(KeysResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(EnforcementPointsResponse))]
[JsonSerializable(typeof(ReplicationEndpointResponse))]
[JsonSerializable(typeof(OverrideRequestBody))]
[JsonSerializable(typeof(OverrideWriteResponse))]
[JsonSerializable(typeof(OverrideView))]
[JsonSerializable(typeof(OverridesResponse))]
[JsonSerializable(typeof(SettingWriteBody))]
[JsonSerializable(typeof(SettingWriteResponse))]
[JsonSerializable(typeof(SettingsResponse))]
[JsonSerializable(typeof(SchemaRegisterBody))]
[JsonSerializable(typeof(SchemaMinimumBody))]
[JsonSerializable(typeof(SchemaWriteResponse))]
[JsonSerializable(typeof(SchemaMinimumResponse))]
[JsonSerializable(typeof(SchemasResponse))]
[JsonSerializable(typeof(SchemaTypeView))]
[JsonSerializable(typeof(InclusionProofResponse))]
[JsonSerializable(typeof(ConsistencyProofResponse))]
[JsonSerializable(typeof(AuditEntriesResponse))]
public sealed partial class RegistryJsonContext : JsonSerializerContext;
