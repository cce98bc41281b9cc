using System.Text.Json.Serialization;

namespace Glyphh.Licensing;

/// <summary>The limits a license grants. <see langword="null"/> means unlimited.</summary>
public sealed class LicenseLimits
{
    /// <summary>Maximum number of models (namespaces).</summary>
    /// <value><see langword="null"/> (unlimited) unless the license sets it.</value>
    [JsonPropertyName("models")]
    public long? Models { get; init; }

    /// <summary>Maximum number of glyphs per model.</summary>
    /// <value><see langword="null"/> (unlimited) unless the license sets it.</value>
    [JsonPropertyName("glyphs")]
    public long? Glyphs { get; init; }

    /// <summary>No limits at all.</summary>
    public static LicenseLimits Unlimited { get; } = new();
}
