using System.Text.Json.Serialization;

namespace Glyphh.Licensing.Internal;

/// <summary>The file format of the license state in the data directory.</summary>
internal sealed class PersistedStateDocument
{
    [JsonPropertyName("version")]
    public int Version { get; set; } = 1;

    [JsonPropertyName("license")]
    public string? LicenseIdentity { get; set; }

    [JsonPropertyName("receipt")]
    public string? Receipt { get; set; }

    [JsonPropertyName("high_water_mark")]
    public DateTimeOffset? HighWaterMark { get; set; }
}
