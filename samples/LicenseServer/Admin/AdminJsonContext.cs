using System.Text.Json.Serialization;

namespace Glyphh.LicenseServer.Admin;

/// <summary>Source-generated snake_case JSON for the admin API.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(CreateLicenseRequest))]
[JsonSerializable(typeof(StateChangeRequest))]
[JsonSerializable(typeof(LicenseResponse))]
[JsonSerializable(typeof(CreatedLicenseResponse))]
[JsonSerializable(typeof(LicenseListResponse))]
[JsonSerializable(typeof(ActivationListResponse))]
[JsonSerializable(typeof(AuditListResponse))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
