using System.Text.Json.Serialization;

namespace Glyphh.Licensing.Internal;

[JsonSourceGenerationOptions(
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(LicenseClaims))]
[JsonSerializable(typeof(LicenseReceipt))]
[JsonSerializable(typeof(LicenseValidationRequest))]
[JsonSerializable(typeof(LicenseValidationResponse))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
