using System.Text.Json.Serialization;

namespace Glyphh.Auth.Authorization.Internal;

/// <summary>Source-generated JSON metadata (the package is AOT-compatible).</summary>
[JsonSerializable(typeof(List<string>))]
internal sealed partial class GrantsJsonContext : JsonSerializerContext;
