using System.Text.Json.Serialization;

namespace Glyphh.LicenseServer.Storage;

/// <summary>Source-generated JSON for the columns that hold JSON (limits, features, audit details).</summary>
[JsonSerializable(typeof(Dictionary<string, long>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
