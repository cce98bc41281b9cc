using System.Text.Json.Serialization;

namespace Glyphh.Licensing.Internal;

// The wire types serialise through Glyphh.Licensing.Protocol's own context; this one is the state file's.
[JsonSourceGenerationOptions(
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(PersistedStateDocument))]
internal sealed partial class LicensingJsonContext : JsonSerializerContext;
